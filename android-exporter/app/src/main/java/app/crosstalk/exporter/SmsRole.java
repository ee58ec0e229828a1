package app.crosstalk.exporter;

import android.app.role.RoleManager;
import android.content.Context;
import android.content.Intent;
import android.content.SharedPreferences;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageManager;
import android.os.Build;
import android.provider.Settings;
import android.provider.Telephony;

import app.crosstalk.exporter.core.RoleWindow;

/**
 * The default-SMS-app role, held only while SMS are written or removed. Android 10+: RoleManager.ROLE_SMS;
 * before: Telephony.Sms.Intents.ACTION_CHANGE_DEFAULT. The app that held the role before is remembered so
 * the user can be sent straight back to it.
 */
final class SmsRole {
    private SmsRole() {}

    private static final String PREFS = "sms_role";
    private static final String PREVIOUS = "previous_sms_app";
    private static final String WINDOW = "window";

    /** The role window as persisted; brought up to date with whether the role is still held. */
    static synchronized RoleWindow window(Context c) {
        RoleWindow w = RoleWindow.decode(prefs(c).getString(WINDOW, null));
        if (!isHeld(c) && (w.writing || w.pendingMms > 0)) {
            w = w.roleReleased();
            save(c, w);
        }
        return w;
    }

    static synchronized void save(Context c, RoleWindow w) {
        prefs(c).edit().putString(WINDOW, w.encode()).apply();
    }

    /** After a write or removal: the role is no longer needed; remind until the user has switched back. */
    static synchronized void writeEnded(Context c) {
        RoleWindow w = RoleWindow.decode(prefs(c).getString(WINDOW, null)).writeEnded();
        save(c, w);
        updateReminder(c, w);
    }

    static void updateReminder(Context c, RoleWindow w) {
        if (w.remindSwitchBack(isHeld(c))) Notifications.switchBack(c);
        else Notifications.cancelSwitchBack(c);
    }

    static synchronized void mmsArrived(Context c) {
        save(c, RoleWindow.decode(prefs(c).getString(WINDOW, null)).mmsArrived());
    }

    /** The default-apps settings screen, where the user picks the SMS app when Android no longer shows the dialog. */
    static Intent defaultAppsIntent() {
        return new Intent(Settings.ACTION_MANAGE_DEFAULT_APPS_SETTINGS);
    }

    static boolean isHeld(Context c) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q) {
            RoleManager rm = c.getSystemService(RoleManager.class);
            return rm != null && rm.isRoleAvailable(RoleManager.ROLE_SMS) && rm.isRoleHeld(RoleManager.ROLE_SMS);
        }
        return c.getPackageName().equals(Telephony.Sms.getDefaultSmsPackage(c));
    }

    /** The system dialog that makes this app the default SMS app; null where the role does not exist. */
    static Intent requestIntent(Context c) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q) {
            RoleManager rm = c.getSystemService(RoleManager.class);
            if (rm == null || !rm.isRoleAvailable(RoleManager.ROLE_SMS)) return null;
            return rm.createRequestRoleIntent(RoleManager.ROLE_SMS);
        }
        Intent i = new Intent(Telephony.Sms.Intents.ACTION_CHANGE_DEFAULT);
        i.putExtra(Telephony.Sms.Intents.EXTRA_PACKAGE_NAME, c.getPackageName());
        return i;
    }

    /** Notes the current default SMS app (unless it is this one) before asking for the role. */
    static void rememberPrevious(Context c) {
        String current = Telephony.Sms.getDefaultSmsPackage(c);
        if (current != null && !current.equals(c.getPackageName())) {
            prefs(c).edit().putString(PREVIOUS, current).apply();
        }
    }

    static String previousPackage(Context c) {
        return prefs(c).getString(PREVIOUS, null);
    }

    /** The usual SMS app's name, or "your usual messaging app". */
    static String previousLabel(Context c) {
        String pkg = previousPackage(c);
        if (pkg != null) {
            try {
                PackageManager pm = c.getPackageManager();
                ApplicationInfo info = pm.getApplicationInfo(pkg, 0);
                CharSequence label = pm.getApplicationLabel(info);
                if (label != null && label.length() > 0) return label.toString();
            } catch (PackageManager.NameNotFoundException e) {
                // uninstalled or not visible: fall through
            }
        }
        return c.getString(R.string.usual_sms_app);
    }

    /** Opens the usual SMS app, which offers to become the default again when it is not; null if unknown. */
    static Intent openPreviousIntent(Context c) {
        String pkg = previousPackage(c);
        return pkg == null ? null : c.getPackageManager().getLaunchIntentForPackage(pkg);
    }

    /**
     * Where the user makes the usual app the default again: before Android 10 the system dialog for that
     * very app; from Android 10 on (where an app may only ask for a role for itself) the default-apps settings.
     */
    static Intent switchBackIntent(Context c) {
        String pkg = previousPackage(c);
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.Q && pkg != null) {
            Intent i = new Intent(Telephony.Sms.Intents.ACTION_CHANGE_DEFAULT);
            i.putExtra(Telephony.Sms.Intents.EXTRA_PACKAGE_NAME, pkg);
            return i;
        }
        return defaultAppsIntent();
    }

    private static SharedPreferences prefs(Context c) {
        return c.getSharedPreferences(PREFS, Context.MODE_PRIVATE);
    }
}
