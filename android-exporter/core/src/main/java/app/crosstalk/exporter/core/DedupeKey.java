package app.crosstalk.exporter.core;

import java.util.Map;

/**
 * When a record is already on the phone: calls by number + type + date, SMS by address + type + date + body
 * (the keys sms-ie uses). Numbers are compared without spaces, dashes, dots and parentheses, so
 * "+86 138-0013-8000" and "+8613800138000" match; nothing else is normalised, and dates must be equal to the
 * millisecond, so two different real records never collide.
 */
public final class DedupeKey {
    private DedupeKey() {}

    private static final char SEP = '\u0000';

    public static String normalizeNumber(String number) {
        if (number == null) return "";
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '\u00A0' || c == '\t') continue;
            sb.append(c);
        }
        return sb.toString();
    }

    public static String call(String number, long type, long dateMs) {
        return "call" + SEP + normalizeNumber(number) + SEP + type + SEP + dateMs;
    }

    public static String sms(String address, long type, long dateMs, String body) {
        return "sms" + SEP + normalizeNumber(address) + SEP + type + SEP + dateMs + SEP + (body == null ? "" : body);
    }

    public static String ofCallColumns(Map<String, Object> c) {
        return call(ProviderRows.stringValue(c, ProviderRows.Calls.NUMBER), ProviderRows.longValue(c, ProviderRows.Calls.TYPE, -1),
                ProviderRows.longValue(c, ProviderRows.Calls.DATE, -1));
    }

    public static String ofSmsColumns(Map<String, Object> c) {
        return sms(ProviderRows.stringValue(c, ProviderRows.Sms.ADDRESS), ProviderRows.longValue(c, ProviderRows.Sms.TYPE, -1),
                ProviderRows.longValue(c, ProviderRows.Sms.DATE, -1), ProviderRows.stringValue(c, ProviderRows.Sms.BODY));
    }

    /** The key the row will have once written ({@link ProviderRows#callValues}). */
    public static String ofCallRow(CrosstalkRow row) {
        return call(row.number(), CallTypes.toType(row.direction(), row.status()), row.startMs());
    }

    /** The key the row will have once written ({@link ProviderRows#smsValues}). */
    public static String ofSmsRow(CrosstalkRow row) {
        return sms(row.number(), SmsTypes.toType(row.direction(), row.status()), row.startMs(), row.body());
    }
}
