package app.crosstalk.exporter;

import android.content.BroadcastReceiver;
import android.content.ContentUris;
import android.content.ContentValues;
import android.content.Context;
import android.content.Intent;
import android.net.Uri;
import android.provider.Telephony;
import android.util.Log;

import java.util.Map;

import app.crosstalk.exporter.core.MmsNotification;

/**
 * An MMS announced while this app holds the SMS role (only during a write). This app does not download MMS;
 * it stores the notification in the MMS inbox as the usual messaging app would (message type
 * notification-ind with the content location), so that app can download the message once it is the default
 * again, tells the user, and blocks the next write until the role is back with the usual app.
 */
public final class WapPushDeliverReceiver extends BroadcastReceiver {
    private static final String TAG = "CrosstalkSms";
    /** PduHeaders.FROM, the addr type of the sender. */
    private static final int ADDR_FROM = 137;
    private static final int UTF_8 = 106;

    @Override
    public void onReceive(final Context context, Intent intent) {
        if (!Telephony.Sms.Intents.WAP_PUSH_DELIVER_ACTION.equals(intent.getAction())) return;
        final byte[] pdu = intent.getByteArrayExtra("data");
        final int subId = intent.getIntExtra("android.telephony.extra.SUBSCRIPTION_INDEX", intent.getIntExtra("subscription", -1));
        final PendingResult pending = goAsync();
        new Thread(new Runnable() {
            @Override
            public void run() {
                String from = null;
                try {
                    MmsNotification n = MmsNotification.parse(pdu);
                    from = n.fromAddress();
                    store(context, n, subId);
                } catch (MmsNotification.MalformedException | RuntimeException e) {
                    Log.e(TAG, "MMS notification could not be stored", e);
                } finally {
                    SmsRole.mmsArrived(context);
                    Notifications.incoming(context, from, context.getString(R.string.incoming_mms, SmsRole.previousLabel(context)));
                    pending.finish();
                }
            }
        }).start();
    }

    private static void store(Context c, MmsNotification n, int subId) {
        ContentValues cv = new ContentValues();
        for (Map.Entry<String, Object> e : n.columns.entrySet()) {
            Object o = e.getValue();
            if (o == null) continue;
            if (o instanceof Integer) cv.put(e.getKey(), (Integer) o);
            else if (o instanceof Long) cv.put(e.getKey(), (Long) o);
            else cv.put(e.getKey(), o.toString());
        }
        cv.put(Telephony.Mms.DATE, System.currentTimeMillis() / 1000);
        cv.put(Telephony.Mms.MESSAGE_BOX, Telephony.Mms.MESSAGE_BOX_INBOX);
        cv.put(Telephony.Mms.READ, 0);
        cv.put(Telephony.Mms.SEEN, 0);
        if (subId >= 0) cv.put(Telephony.Mms.SUBSCRIPTION_ID, subId);
        Uri row = c.getContentResolver().insert(Telephony.Mms.Inbox.CONTENT_URI, cv);
        if (row == null) throw new IllegalStateException("the MMS provider refused the notification");
        if (n.fromAddress() == null) return;
        long id = ContentUris.parseId(row);
        ContentValues addr = new ContentValues();
        addr.put(Telephony.Mms.Addr.ADDRESS, n.fromAddress());
        addr.put(Telephony.Mms.Addr.TYPE, ADDR_FROM);
        addr.put(Telephony.Mms.Addr.CHARSET, UTF_8);
        addr.put(Telephony.Mms.Addr.MSG_ID, id);
        c.getContentResolver().insert(Uri.parse("content://mms/" + id + "/addr"), addr);
    }
}
