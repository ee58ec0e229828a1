package app.crosstalk.exporter;

import android.app.Notification;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.PendingIntent;
import android.content.Context;
import android.content.Intent;

/** The app's notifications: running work, messages that arrived while it held the SMS role, the switch-back reminder. */
final class Notifications {
    private Notifications() {}

    static final int DONE_ID = 2;
    static final int SWITCH_BACK_ID = 3;
    static final int AUTO_EXPORT_ID = 4;
    private static final int MESSAGE_ID_BASE = 1000;

    private static final String WORK = "work";
    private static final String MESSAGES = "messages";
    private static final String REMINDERS = "reminders";

    private static NotificationManager manager(Context c) {
        NotificationManager m = c.getSystemService(NotificationManager.class);
        m.createNotificationChannel(new NotificationChannel(WORK, c.getString(R.string.channel_work), NotificationManager.IMPORTANCE_LOW));
        m.createNotificationChannel(new NotificationChannel(MESSAGES, c.getString(R.string.channel_messages), NotificationManager.IMPORTANCE_HIGH));
        m.createNotificationChannel(new NotificationChannel(REMINDERS, c.getString(R.string.channel_reminders), NotificationManager.IMPORTANCE_DEFAULT));
        return m;
    }

    private static PendingIntent open(Context c, Intent i) {
        return PendingIntent.getActivity(c, 0, i, PendingIntent.FLAG_IMMUTABLE | PendingIntent.FLAG_UPDATE_CURRENT);
    }

    private static Intent home(Context c) {
        return new Intent(c, MainActivity.class).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK);
    }

    static Notification working(Context c, int titleRes) {
        manager(c);
        return new Notification.Builder(c, WORK)
                .setSmallIcon(android.R.drawable.stat_notify_sync)
                .setContentTitle(c.getString(titleRes))
                .setContentText(c.getString(R.string.work_running))
                .setProgress(0, 0, true)
                .setOngoing(true)
                .setContentIntent(open(c, home(c)))
                .build();
    }

    static Notification done(Context c, int titleRes, boolean ok) {
        manager(c);
        return new Notification.Builder(c, WORK)
                .setSmallIcon(android.R.drawable.stat_notify_sync_noanim)
                .setContentTitle(c.getString(titleRes))
                .setContentText(c.getString(ok ? R.string.work_done : R.string.work_failed))
                .setAutoCancel(true)
                .setContentIntent(open(c, home(c)))
                .build();
    }

    /** An SMS or MMS arrived while this app was the default SMS app: shown, so a code or a message is not missed. */
    static void incoming(Context c, String from, String text) {
        Intent usual = SmsRole.openPreviousIntent(c);
        Notification n = new Notification.Builder(c, MESSAGES)
                .setSmallIcon(android.R.drawable.stat_notify_chat)
                .setContentTitle(from == null ? c.getString(R.string.incoming_unknown_sender) : from)
                .setContentText(text)
                .setStyle(new Notification.BigTextStyle().bigText(text))
                .setAutoCancel(true)
                .setContentIntent(open(c, usual != null ? usual.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK) : home(c)))
                .build();
        manager(c).notify(MESSAGE_ID_BASE + (int) (System.currentTimeMillis() % 100_000), n);
    }

    /** Shown until the user has made their usual SMS app the default again; one tap to the default-apps screen. */
    static void switchBack(Context c) {
        Intent settings = SmsRole.switchBackIntent(c).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK);
        Notification n = new Notification.Builder(c, REMINDERS)
                .setSmallIcon(android.R.drawable.stat_sys_warning)
                .setContentTitle(c.getString(R.string.switch_title))
                .setContentText(c.getString(R.string.switch_body, SmsRole.previousLabel(c)))
                .setStyle(new Notification.BigTextStyle().bigText(c.getString(R.string.switch_body, SmsRole.previousLabel(c))))
                .setOngoing(true)
                .setContentIntent(open(c, settings))
                .build();
        manager(c).notify(SWITCH_BACK_ID, n);
    }

    static void cancelSwitchBack(Context c) {
        manager(c).cancel(SWITCH_BACK_ID);
    }

    static void autoExport(Context c, String text) {
        Notification n = new Notification.Builder(c, WORK)
                .setSmallIcon(android.R.drawable.stat_notify_sync_noanim)
                .setContentTitle(c.getString(R.string.auto_title))
                .setContentText(text)
                .setAutoCancel(true)
                .setContentIntent(open(c, new Intent(c, AutoExportActivity.class).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)))
                .build();
        manager(c).notify(AUTO_EXPORT_ID, n);
    }
}
