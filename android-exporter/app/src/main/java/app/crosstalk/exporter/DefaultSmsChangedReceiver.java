package app.crosstalk.exporter;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;

/**
 * Android tells the old and the new default SMS app when the default changes: once the usual app is back,
 * pending MMS are its own again and the switch-back reminder goes away.
 */
public final class DefaultSmsChangedReceiver extends BroadcastReceiver {
    @Override
    public void onReceive(Context context, Intent intent) {
        SmsRole.updateReminder(context, SmsRole.window(context));
    }
}
