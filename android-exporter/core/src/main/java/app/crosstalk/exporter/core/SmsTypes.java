package app.crosstalk.exporter.core;

/**
 * Telephony.Sms.TYPE (TextBasedSmsColumns.MESSAGE_TYPE_*) codes and their Crosstalk meaning. MMS
 * {@code msg_box} uses the same codes 1–5.
 */
public final class SmsTypes {
    private SmsTypes() {}

    public static final int INBOX = 1;
    public static final int SENT = 2;
    public static final int DRAFT = 3;
    public static final int OUTBOX = 4;
    public static final int FAILED = 5;
    public static final int QUEUED = 6;

    private static final String[] STATUS = {null, "received", "sent", "draft", "outbox", "failed", "queued"};

    /** Direction and status of a message type, or null for a type Android does not define (0 = "all"). */
    public static Meaning toMeaning(int type) {
        if (type < INBOX || type > QUEUED) return null;
        return new Meaning(type == INBOX ? CrosstalkCsv.IN : CrosstalkCsv.OUT, STATUS[type]);
    }

    /** The message type for a status; an empty status (allowed for messages) follows the direction. */
    public static int toType(String direction, String status) {
        for (int t = INBOX; t <= QUEUED; t++) if (STATUS[t].equals(status)) return t;
        return CrosstalkCsv.IN.equals(direction) ? INBOX : SENT;
    }
}
