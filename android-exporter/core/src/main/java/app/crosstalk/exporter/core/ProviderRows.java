package app.crosstalk.exporter.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mapping between Crosstalk CSV rows and the column maps of Android's providers (CallLog.Calls,
 * Telephony.Sms, Telephony.Mms). Column names are the providers' real column names, written out here so that
 * this class has no Android dependency; the Android layer copies cursors into such maps and maps into
 * ContentValues, nothing more.
 */
public final class ProviderRows {
    private ProviderRows() {}

    /** CallLog.Calls. */
    public static final class Calls {
        private Calls() {}
        public static final String ID = "_id";
        public static final String NUMBER = "number";
        /** Milliseconds since the epoch. */
        public static final String DATE = "date";
        /** Seconds. */
        public static final String DURATION = "duration";
        public static final String TYPE = "type";
        public static final String NUMBER_PRESENTATION = "presentation";
        public static final String FEATURES = "features";
        /** CACHED_NAME. */
        public static final String CACHED_NAME = "name";
        public static final String NEW = "new";
        public static final String IS_READ = "is_read";
        /** PHONE_ACCOUNT_COMPONENT_NAME. */
        public static final String PHONE_ACCOUNT_COMPONENT_NAME = "subscription_component_name";
        /** PHONE_ACCOUNT_ID. */
        public static final String PHONE_ACCOUNT_ID = "subscription_id";

        public static final int PRESENTATION_ALLOWED = 1;

        /** What export, dedupe and undo read. */
        public static final String[] PROJECTION = {ID, NUMBER, DATE, DURATION, TYPE, NUMBER_PRESENTATION, FEATURES,
                CACHED_NAME, PHONE_ACCOUNT_COMPONENT_NAME, PHONE_ACCOUNT_ID};
    }

    /** Telephony.Sms (TextBasedSmsColumns). */
    public static final class Sms {
        private Sms() {}
        public static final String ID = "_id";
        public static final String ADDRESS = "address";
        /** Milliseconds since the epoch. */
        public static final String DATE = "date";
        public static final String DATE_SENT = "date_sent";
        public static final String TYPE = "type";
        public static final String BODY = "body";
        public static final String READ = "read";
        public static final String SEEN = "seen";
        public static final String SUBJECT = "subject";
        public static final String CREATOR = "creator";
        public static final String SUBSCRIPTION_ID = "sub_id";

        public static final String[] PROJECTION = {ID, ADDRESS, DATE, TYPE, BODY, SUBJECT, CREATOR};
    }

    /**
     * Telephony.Mms. The Android layer adds two keys that are not provider columns: {@link #ADDRS}, the
     * message's addr rows as {address, type} pairs, and {@link #PARTS}, its part rows as
     * {ct, text, name, cl, fn} (text filled in for text/plain parts).
     */
    public static final class Mms {
        private Mms() {}
        public static final String ID = "_id";
        public static final String MSG_BOX = "msg_box";
        /** Seconds since the epoch (not milliseconds, unlike SMS). */
        public static final String DATE = "date";
        public static final String MESSAGE_TYPE = "m_type";
        public static final String ADDRS = "crosstalk.addrs";
        public static final String PARTS = "crosstalk.parts";

        public static final String[] PROJECTION = {ID, MSG_BOX, DATE, MESSAGE_TYPE};
        /** Projections of content://mms/<id>/addr and content://mms/part. */
        public static final String[] ADDR_PROJECTION = {"address", "type"};
        public static final String[] PART_PROJECTION = {"_id", "ct", "text", "name", "cl", "fn"};

        /** PduHeaders.FROM and TO, the addr types. */
        public static final int ADDR_FROM = 137;
        public static final int ADDR_TO = 151;
        /** PduHeaders.MESSAGE_TYPE_NOTIFICATION_IND: an MMS announced but not downloaded. */
        public static final int MESSAGE_TYPE_NOTIFICATION_IND = 130;
        /** The placeholder address of the own number in addr rows. */
        public static final String INSERT_ADDRESS_TOKEN = "insert-address-token";
    }

    /** A provider row read as a CSV row, or why it was left out of the export. */
    public static final class Mapped {
        public final CrosstalkRow row;
        /** The tag when this app inserted the row, else null. */
        public final Tag tag;
        public final String skipReason;

        private Mapped(CrosstalkRow row, Tag tag, String skipReason) {
            this.row = row;
            this.tag = tag;
            this.skipReason = skipReason;
        }

        static Mapped of(CrosstalkRow row, Tag tag) {
            return new Mapped(row, tag, null);
        }

        static Mapped skip(String reason) {
            return new Mapped(null, null, reason);
        }
    }

    // ---- reading column maps ----

    static Long longValue(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o instanceof Number) return ((Number) o).longValue();
        if (o instanceof String) {
            try {
                return Long.parseLong(((String) o).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static long longValue(Map<String, Object> m, String key, long fallback) {
        Long v = longValue(m, key);
        return v == null ? fallback : v;
    }

    static String stringValue(Map<String, Object> m, String key) {
        Object o = m.get(key);
        return o == null ? "" : o.toString();
    }

    /** Hidden callers: a presentation other than ALLOWED, or the legacy "-1"/"-2"/"-3" numbers. */
    static boolean isHiddenNumber(String number, Long presentation) {
        if (presentation != null && presentation != Calls.PRESENTATION_ALLOWED) return true;
        String n = number.trim();
        return n.isEmpty() || n.equals("-1") || n.equals("-2") || n.equals("-3");
    }

    private static String nameOf(String stored, String number, NameLookup names) {
        if (!stored.isEmpty()) return stored;
        if (number.isEmpty()) return "";
        String found = names.nameFor(number);
        return found == null ? "" : found;
    }

    /** A CallLog.Calls row as a CSV row. Rows this app inserted keep their chat-app channel and Crosstalk id. */
    public static Mapped callToRow(Map<String, Object> columns, NameLookup names) {
        long id = longValue(columns, Calls.ID, -1);
        Long type = longValue(columns, Calls.TYPE);
        Long date = longValue(columns, Calls.DATE);
        if (date == null) return Mapped.skip("call without a date");
        long duration = Math.max(0, longValue(columns, Calls.DURATION, 0));
        Meaning meaning = type == null ? null : CallTypes.toMeaning(type.intValue(), duration);
        if (meaning == null) return Mapped.skip("unknown call type " + (type == null ? "(none)" : type));
        String raw = stringValue(columns, Calls.NUMBER);
        String number = isHiddenNumber(raw, longValue(columns, Calls.NUMBER_PRESENTATION)) ? "" : raw;
        Tag tag = Tag.ofCall(columns);
        CrosstalkRow row = CrosstalkRow.builder()
                .channel(tag != null ? tag.channel() : CrosstalkCsv.CHANNEL_PHONE)
                .kind(CrosstalkCsv.KIND_CALL)
                .direction(meaning.direction)
                .status(meaning.status)
                .number(number)
                .name(nameOf(stringValue(columns, Calls.CACHED_NAME), number, names))
                .startMs(date)
                .durationSec(duration)
                .video((longValue(columns, Calls.FEATURES, 0) & CallTypes.FEATURES_VIDEO) != 0)
                .crosstalkId(tag != null ? tag.crosstalkId() : "")
                .sourceId("call:" + id)
                .build();
        return Mapped.of(row, tag);
    }

    /** A Telephony.Sms row as a CSV row. Rows this app inserted keep their chat-app channel and Crosstalk id. */
    public static Mapped smsToRow(Map<String, Object> columns, NameLookup names) {
        long id = longValue(columns, Sms.ID, -1);
        Long type = longValue(columns, Sms.TYPE);
        Long date = longValue(columns, Sms.DATE);
        if (date == null) return Mapped.skip("SMS without a date");
        Meaning meaning = type == null ? null : SmsTypes.toMeaning(type.intValue());
        if (meaning == null) return Mapped.skip("unknown SMS type " + (type == null ? "(none)" : type));
        String address = stringValue(columns, Sms.ADDRESS);
        Tag tag = Tag.ofSms(columns);
        CrosstalkRow row = CrosstalkRow.builder()
                .channel(tag != null ? tag.channel() : CrosstalkCsv.CHANNEL_PHONE)
                .kind(CrosstalkCsv.KIND_SMS)
                .direction(meaning.direction)
                .status(meaning.status)
                .number(address)
                .name(nameOf("", address, names))
                .startMs(date)
                .body(stringValue(columns, Sms.BODY))
                .crosstalkId(tag != null ? tag.crosstalkId() : "")
                .sourceId("sms:" + id)
                .build();
        return Mapped.of(row, tag);
    }

    /** An MMS (with its {@link Mms#ADDRS} and {@link Mms#PARTS}) as a CSV row: text parts → body, others → attachments. */
    @SuppressWarnings("unchecked")
    public static Mapped mmsToRow(Map<String, Object> columns, NameLookup names) {
        long id = longValue(columns, Mms.ID, -1);
        if (longValue(columns, Mms.MESSAGE_TYPE, 0) == Mms.MESSAGE_TYPE_NOTIFICATION_IND) {
            return Mapped.skip("MMS not downloaded");
        }
        Long box = longValue(columns, Mms.MSG_BOX);
        Long dateSec = longValue(columns, Mms.DATE);
        if (dateSec == null) return Mapped.skip("MMS without a date");
        Meaning meaning = box == null || box > SmsTypes.FAILED ? null : SmsTypes.toMeaning(box.intValue());
        if (meaning == null) return Mapped.skip("unknown MMS box " + (box == null ? "(none)" : box));
        Object addrs = columns.get(Mms.ADDRS);
        Object parts = columns.get(Mms.PARTS);
        String address = mmsCounterpart(box.intValue(),
                addrs instanceof List ? (List<String[]>) addrs : new ArrayList<String[]>());
        StringBuilder text = new StringBuilder();
        List<String[]> attachments = new ArrayList<>();
        if (parts instanceof List) {
            for (String[] p : (List<String[]>) parts) {
                String ct = p.length > 0 && p[0] != null ? p[0] : "";
                if (ct.equalsIgnoreCase("application/smil")) continue;
                if (ct.equalsIgnoreCase("text/plain")) {
                    String t = p.length > 1 && p[1] != null ? p[1] : "";
                    if (t.isEmpty()) continue;
                    if (text.length() > 0) text.append('\n');
                    text.append(t);
                } else {
                    attachments.add(new String[] {firstNonEmpty(p, 2, 3, 4), ct});
                }
            }
        }
        CrosstalkRow row = CrosstalkRow.builder()
                .channel(CrosstalkCsv.CHANNEL_PHONE)
                .kind(CrosstalkCsv.KIND_MMS)
                .direction(meaning.direction)
                .status(meaning.status)
                .number(address)
                .name(nameOf("", address, names))
                .startMs(dateSec * 1000L)
                .body(text.toString())
                .attachments(Json.attachments(attachments))
                .sourceId("mms:" + id)
                .build();
        return Mapped.of(row, null);
    }

    private static String firstNonEmpty(String[] p, int... indexes) {
        for (int i : indexes) if (i < p.length && p[i] != null && !p[i].isEmpty()) return p[i];
        return "";
    }

    /**
     * The counterpart of an MMS from its addr rows ({address, type}): the sender of a received message, the
     * first recipient of a sent one; the own-number placeholder is never picked. Empty when none.
     */
    public static String mmsCounterpart(int msgBox, List<String[]> addrs) {
        int wanted = msgBox == SmsTypes.INBOX ? Mms.ADDR_FROM : Mms.ADDR_TO;
        for (String[] a : addrs) {
            if (a.length < 2 || a[0] == null || a[0].isEmpty() || Mms.INSERT_ADDRESS_TOKEN.equals(a[0])) continue;
            if (String.valueOf(wanted).equals(a[1])) return a[0];
        }
        return "";
    }

    // ---- writing column maps ----

    /**
     * CallLog.Calls insert values for a chat-app call: number, time, duration, type, video feature, name,
     * marked read and not new (no missed-call badge), and tagged. Throws for a row that has no valid tag.
     */
    public static Map<String, Object> callValues(CrosstalkRow row) {
        if (!row.isCall()) throw new IllegalArgumentException("not a call: " + row);
        Tag tag = Tag.of(row.channel(), row.crosstalkId());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(Calls.NUMBER, row.number());
        v.put(Calls.DATE, row.startMs());
        v.put(Calls.DURATION, row.durationSec() == null ? 0L : row.durationSec());
        v.put(Calls.TYPE, CallTypes.toType(row.direction(), row.status()));
        v.put(Calls.FEATURES, Boolean.TRUE.equals(row.video()) ? CallTypes.FEATURES_VIDEO : 0);
        v.put(Calls.NUMBER_PRESENTATION, Calls.PRESENTATION_ALLOWED);
        if (!row.name().isEmpty()) v.put(Calls.CACHED_NAME, row.name());
        v.put(Calls.NEW, 0);
        v.put(Calls.IS_READ, 1);
        tag.applyToCall(v);
        return v;
    }

    /**
     * Telephony.Sms insert values for a chat-app message: address, time (also as date_sent), type, body
     * exactly as given, read and seen (no notification), no SIM (sub_id -1: real subscription ids made
     * imported messages vanish on Android 14, sms-ie #128), and tagged. The provider fills in thread_id.
     */
    public static Map<String, Object> smsValues(CrosstalkRow row) {
        if (row.isCall()) throw new IllegalArgumentException("not a message: " + row);
        Tag tag = Tag.of(row.channel(), row.crosstalkId());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(Sms.ADDRESS, row.number());
        v.put(Sms.DATE, row.startMs());
        v.put(Sms.DATE_SENT, row.startMs());
        v.put(Sms.TYPE, SmsTypes.toType(row.direction(), row.status()));
        v.put(Sms.BODY, row.body());
        v.put(Sms.READ, 1);
        v.put(Sms.SEEN, 1);
        v.put(Sms.SUBSCRIPTION_ID, -1);
        tag.applyToSms(v);
        return v;
    }

    /**
     * Inbox values for an SMS that arrives while this app holds the SMS role: stored untagged (it is the
     * phone's own message, undo never touches it), unread and unseen so the usual app shows it as new.
     */
    public static Map<String, Object> incomingSms(String address, String body, long receivedMs, long sentMs, int subId) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(Sms.ADDRESS, address == null ? "" : address);
        v.put(Sms.DATE, receivedMs);
        v.put(Sms.DATE_SENT, sentMs);
        v.put(Sms.TYPE, SmsTypes.INBOX);
        v.put(Sms.BODY, body == null ? "" : body);
        v.put(Sms.READ, 0);
        v.put(Sms.SEEN, 0);
        v.put(Sms.SUBSCRIPTION_ID, subId);
        return v;
    }
}
