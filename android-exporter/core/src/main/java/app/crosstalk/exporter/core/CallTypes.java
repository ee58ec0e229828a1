package app.crosstalk.exporter.core;

/**
 * CallLog.Calls.TYPE codes and their Crosstalk meaning (docs/crosstalk-csv-v1.md, "Android mapping"; the
 * PWA's src/lib/model/android-types.ts). The call log has no outgoing-missed or incoming-busy codes, so
 * writing folds those into OUTGOING and MISSED, and ANSWERED_EXTERNALLY reads as an answered incoming call.
 */
public final class CallTypes {
    private CallTypes() {}

    public static final int INCOMING = 1;
    public static final int OUTGOING = 2;
    public static final int MISSED = 3;
    public static final int VOICEMAIL = 4;
    public static final int REJECTED = 5;
    public static final int BLOCKED = 6;
    public static final int ANSWERED_EXTERNALLY = 7;

    /** CallLog.Calls.FEATURES_VIDEO. */
    public static final int FEATURES_VIDEO = 1;

    /** Direction and status of a call-log type, or null for a type Android does not define. */
    public static Meaning toMeaning(int type, long durationSec) {
        switch (type) {
            case INCOMING:
            case ANSWERED_EXTERNALLY:
                return new Meaning(CrosstalkCsv.IN, "answered");
            case OUTGOING:
                return new Meaning(CrosstalkCsv.OUT, durationSec > 0 ? "answered" : "unanswered");
            case MISSED:
                return new Meaning(CrosstalkCsv.IN, "missed");
            case VOICEMAIL:
                return new Meaning(CrosstalkCsv.IN, "voicemail");
            case REJECTED:
                return new Meaning(CrosstalkCsv.IN, "rejected");
            case BLOCKED:
                return new Meaning(CrosstalkCsv.IN, "blocked");
            default:
                return null;
        }
    }

    /** The call-log type for a direction and call status. */
    public static int toType(String direction, String status) {
        if (CrosstalkCsv.OUT.equals(direction)) return OUTGOING;
        switch (status) {
            case "answered": return INCOMING;
            case "voicemail": return VOICEMAIL;
            case "rejected": return REJECTED;
            case "blocked": return BLOCKED;
            default: return MISSED; // missed, busy, unanswered
        }
    }
}
