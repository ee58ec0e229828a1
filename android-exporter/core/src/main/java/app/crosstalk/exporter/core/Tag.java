package app.crosstalk.exporter.core;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mark on every row this app inserts, so that export can give it back its channel and Crosstalk id and
 * undo can find it (and only it) again. The tag text is {@code crosstalk:<channel>:<crosstalk id>}, e.g.
 * {@code crosstalk:whatsapp:ct1-3f9a0c1d2e4b5a6c}.
 *
 * <p>Calls: {@code subscription_component_name} (CallLog.Calls.PHONE_ACCOUNT_COMPONENT_NAME) is
 * {@link #CALL_COMPONENT} and {@code subscription_id} (PHONE_ACCOUNT_ID) is the tag text. Apps that log
 * their own calls mark them the same way (Truecaller writes its VoIP component there); the call log keeps
 * both columns as given, the dialer only uses them to label the account, and no real SIM account ever has
 * this component. A row is ours only if both columns match.
 *
 * <p>SMS: {@code subject} is the tag text. {@code creator} would be the natural place, but since Android 4.4
 * the SMS provider overwrites CREATOR with the calling package for every app that is not the system or
 * the phone process, so it can only say "inserted by app.crosstalk.exporter", never which Crosstalk record
 * the row is; and a backup app that later restores the row rewrites it again. SUBJECT is stored as given,
 * survives backup and restore by SMS apps (SMS Backup &amp; Restore and sms-ie both carry it), and real SMS
 * never have one: the SMS protocol has no subject field, so no row the phone received or sent can look
 * like a tag. The cost: a messaging app that chooses to show the subject of an SMS (AOSP Messaging reads
 * none for SMS) shows the tag line above the text, which is harmless and says where the row came from.
 * CREATOR is still set (the provider makes it our package anyway), a second trace visible in
 * {@code adb shell content query}; it is not required, so rows restored by a backup app stay undoable.
 */
public final class Tag {
    /** This app's package name (applicationId). */
    public static final String PACKAGE = "app.crosstalk.exporter";
    /** The PHONE_ACCOUNT_COMPONENT_NAME of calls this app inserts (a flattened ComponentName). */
    public static final String CALL_COMPONENT = PACKAGE + "/.WriteBack";
    public static final String PREFIX = "crosstalk:";

    /** Crosstalk ids as the PWA makes them ({@code ct1-<16 hex>[-n]}), or any similar safe token. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern TEXT = Pattern.compile("crosstalk:([a-z]+):([A-Za-z0-9][A-Za-z0-9._-]{0,127})");

    private final String channel;
    private final String crosstalkId;

    private Tag(String channel, String crosstalkId) {
        this.channel = channel;
        this.crosstalkId = crosstalkId;
    }

    /** A tag for a chat-app record; throws for the phone channel or an id that cannot be a Crosstalk id. */
    public static Tag of(String channel, String crosstalkId) {
        if (!CrosstalkCsv.isChatChannel(channel)) throw new IllegalArgumentException("not a chat-app channel: " + channel);
        if (crosstalkId == null || !ID.matcher(crosstalkId).matches()) {
            throw new IllegalArgumentException("not a Crosstalk id: " + crosstalkId);
        }
        return new Tag(channel, crosstalkId);
    }

    /** Whether {@link #of} accepts this id. */
    public static boolean isValidId(String crosstalkId) {
        return crosstalkId != null && ID.matcher(crosstalkId).matches();
    }

    public String channel() {
        return channel;
    }

    public String crosstalkId() {
        return crosstalkId;
    }

    /** {@code crosstalk:<channel>:<id>}. */
    public String text() {
        return PREFIX + channel + ":" + crosstalkId;
    }

    /** The tag in a tag text, or null when the text is not exactly one. */
    public static Tag parse(String text) {
        if (text == null) return null;
        Matcher m = TEXT.matcher(text);
        if (!m.matches() || !CrosstalkCsv.isChatChannel(m.group(1))) return null;
        return new Tag(m.group(1), m.group(2));
    }

    /** The tag of a CallLog.Calls row, or null when the row is not one this app inserted. */
    public static Tag ofCall(Map<String, Object> columns) {
        Object component = columns.get(ProviderRows.Calls.PHONE_ACCOUNT_COMPONENT_NAME);
        if (!CALL_COMPONENT.equals(component)) return null;
        Object id = columns.get(ProviderRows.Calls.PHONE_ACCOUNT_ID);
        return id instanceof String ? parse((String) id) : null;
    }

    /** The tag of a Telephony.Sms row, or null when the row is not one this app inserted. */
    public static Tag ofSms(Map<String, Object> columns) {
        Object subject = columns.get(ProviderRows.Sms.SUBJECT);
        return subject instanceof String ? parse((String) subject) : null;
    }

    /** Marks CallLog.Calls insert values. */
    public void applyToCall(Map<String, Object> values) {
        values.put(ProviderRows.Calls.PHONE_ACCOUNT_COMPONENT_NAME, CALL_COMPONENT);
        values.put(ProviderRows.Calls.PHONE_ACCOUNT_ID, text());
    }

    /** Marks Telephony.Sms insert values. */
    public void applyToSms(Map<String, Object> values) {
        values.put(ProviderRows.Sms.SUBJECT, text());
        values.put(ProviderRows.Sms.CREATOR, PACKAGE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tag && ((Tag) o).channel.equals(channel) && ((Tag) o).crosstalkId.equals(crosstalkId);
    }

    @Override
    public int hashCode() {
        return channel.hashCode() * 31 + crosstalkId.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
