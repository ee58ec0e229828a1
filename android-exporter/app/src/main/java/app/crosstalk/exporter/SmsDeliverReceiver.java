package app.crosstalk.exporter;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.content.ContentValues;
import android.provider.Telephony;
import android.telephony.SmsMessage;
import android.util.Log;

import java.util.Map;

import app.crosstalk.exporter.core.ProviderRows;

/**
 * While this app holds the default-SMS role (only for the moments it writes or removes SMS), incoming SMS
 * are delivered to it alone. It stores each one in the inbox, unread and untagged (undo never touches it),
 * so nothing is lost, and shows it in a notification (a sign-in code must not wait until the user has
 * switched back); the usual messaging app shows it once it is the default again.
 */
public final class SmsDeliverReceiver extends BroadcastReceiver {
    private static final String TAG = "CrosstalkSms";
    /** SubscriptionManager.EXTRA_SUBSCRIPTION_INDEX (API 30) and its older name. */
    private static final String EXTRA_SUB = "android.telephony.extra.SUBSCRIPTION_INDEX";
    private static final String EXTRA_SUB_OLD = "subscription";

    @Override
    public void onReceive(final Context context, Intent intent) {
        if (!Telephony.Sms.Intents.SMS_DELIVER_ACTION.equals(intent.getAction())) return;
        SmsMessage[] parts = Telephony.Sms.Intents.getMessagesFromIntent(intent);
        if (parts == null || parts.length == 0 || parts[0] == null) return;
        StringBuilder body = new StringBuilder();
        for (SmsMessage p : parts) if (p != null && p.getMessageBody() != null) body.append(p.getMessageBody());
        int subId = intent.getIntExtra(EXTRA_SUB, intent.getIntExtra(EXTRA_SUB_OLD, -1));
        final String from = parts[0].getDisplayOriginatingAddress();
        Notifications.incoming(context, from, body.toString());
        final Map<String, Object> values = ProviderRows.incomingSms(from,
                body.toString(), System.currentTimeMillis(), parts[0].getTimestampMillis(), subId);
        final PendingResult pending = goAsync();
        new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    ContentValues cv = new ContentValues();
                    for (Map.Entry<String, Object> e : values.entrySet()) {
                        Object o = e.getValue();
                        if (o instanceof Integer) cv.put(e.getKey(), (Integer) o);
                        else if (o instanceof Long) cv.put(e.getKey(), (Long) o);
                        else cv.put(e.getKey(), o == null ? null : o.toString());
                    }
                    if (context.getContentResolver().insert(Telephony.Sms.Inbox.CONTENT_URI, cv) == null) {
                        Log.w(TAG, "incoming SMS could not be stored");
                    }
                } catch (RuntimeException e) {
                    Log.e(TAG, "incoming SMS could not be stored", e);
                } finally {
                    pending.finish();
                }
            }
        }).start();
    }
}
