package app.crosstalk.exporter;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.util.Log;

/**
 * Required of a default-SMS-app candidate. This app does not download MMS: an MMS announced while it holds
 * the role is not fetched (the consent screens say so, and suggest airplane mode during the swap).
 */
public final class WapPushDeliverReceiver extends BroadcastReceiver {
    @Override
    public void onReceive(Context context, Intent intent) {
        Log.w("CrosstalkSms", "MMS notification received while holding the SMS role; not downloaded");
    }
}
