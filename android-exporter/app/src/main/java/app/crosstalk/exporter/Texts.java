package app.crosstalk.exporter;

import android.content.Context;

import java.text.DateFormat;
import java.util.Date;

import app.crosstalk.exporter.core.WriteBackPlan;

/** The user's-language names of the core's values. */
final class Texts {
    private Texts() {}

    static String reason(Context c, WriteBackPlan.Reason r) {
        switch (r) {
            case BAD_RECORD: return c.getString(R.string.reason_bad_record);
            case PHONE_RECORD: return c.getString(R.string.reason_phone_record);
            case NO_CROSSTALK_ID: return c.getString(R.string.reason_no_crosstalk_id);
            case NO_NUMBER: return c.getString(R.string.reason_no_number);
            case MMS: return c.getString(R.string.reason_mms);
            case VOICEMAIL: return c.getString(R.string.reason_voicemail);
            case MESSAGE_STATUS: return c.getString(R.string.reason_message_status);
            case STATUS_DIRECTION: return c.getString(R.string.reason_status_direction);
            case NOT_SELECTED: return c.getString(R.string.reason_not_selected);
            case DUPLICATE_IN_FILE: return c.getString(R.string.reason_duplicate_in_file);
            case WRITTEN_EARLIER: return c.getString(R.string.reason_written_earlier);
            case SAME_ON_PHONE: return c.getString(R.string.reason_same_on_phone);
            default: return r.english;
        }
    }

    static String permission(Context c, String permission) {
        switch (permission) {
            case "android.permission.READ_CALL_LOG": return c.getString(R.string.perm_read_call_log);
            case "android.permission.WRITE_CALL_LOG": return c.getString(R.string.perm_write_call_log);
            case "android.permission.READ_SMS": return c.getString(R.string.perm_read_sms);
            case "android.permission.READ_CONTACTS": return c.getString(R.string.perm_read_contacts);
            default: return permission;
        }
    }

    static String channel(String channel) {
        switch (channel) {
            case "whatsapp": return "WhatsApp";
            case "telegram": return "Telegram";
            case "signal": return "Signal";
            default: return channel;
        }
    }

    static String date(long ms) {
        return DateFormat.getDateInstance(DateFormat.MEDIUM).format(new Date(ms));
    }
}
