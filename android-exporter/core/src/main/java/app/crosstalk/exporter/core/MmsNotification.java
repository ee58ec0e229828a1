package app.crosstalk.exporter.core;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of an MMS notification (M-Notification.ind, OMA-MMS-ENC 1.3 §6.2) as delivered by
 * WAP_PUSH_DELIVER: enough to store it in the MMS provider's inbox, from where the usual messaging app
 * downloads the message once it is the default SMS app again. Bounded: reads at most the given bytes, every
 * length is checked, unknown headers are skipped by the generic WSP value rules.
 */
public final class MmsNotification {
    /** X-Mms-Message-Type m-notification-ind. */
    public static final int TYPE_NOTIFICATION_IND = 130;

    public final String transactionId;
    public final String contentLocation;
    /** Sender address as sent ("+4915112345678/TYPE=PLMN"), or null. */
    public final String from;
    public final String subject;
    public final long messageSize;
    /** Absolute expiry in seconds since 1970, or relative seconds when {@link #expiryRelative}; 0 when absent. */
    public final long expiry;
    public final boolean expiryRelative;
    public final int version;
    /** The provider columns of Telephony.Mms for this notification (without date and the inbox box). */
    public final Map<String, Object> columns;

    private MmsNotification(String tid, String loc, String from, String subject, long size, long expiry, boolean relative, int version) {
        this.transactionId = tid;
        this.contentLocation = loc;
        this.from = from;
        this.subject = subject;
        this.messageSize = size;
        this.expiry = expiry;
        this.expiryRelative = relative;
        this.version = version;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("m_type", TYPE_NOTIFICATION_IND);
        c.put("tr_id", tid);
        c.put("ct_l", loc);
        c.put("m_size", size);
        c.put("exp", expiry);
        c.put("sub", subject);
        c.put("sub_cs", subject == null ? null : 106);
        c.put("v", version);
        c.put("m_cls", "personal");
        this.columns = c;
    }

    /** Thrown for a PDU that is not a well-formed notification. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private static final class Reader {
        final byte[] b;
        int at;

        Reader(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return at < b.length;
        }

        int u8() throws MalformedException {
            if (at >= b.length) throw new MalformedException("truncated at byte " + at);
            return b[at++] & 0xff;
        }

        long uintvar() throws MalformedException {
            long v = 0;
            for (int i = 0; i < 5; i++) {
                int o = u8();
                v = (v << 7) | (o & 0x7f);
                if ((o & 0x80) == 0) return v;
            }
            throw new MalformedException("uintvar longer than 5 bytes at byte " + at);
        }

        /** Value-length: short length 0–30, or 31 followed by a uintvar. */
        int valueLength() throws MalformedException {
            int o = u8();
            long n = o < 31 ? o : o == 31 ? uintvar() : -1;
            if (n < 0 || n > b.length - at) throw new MalformedException("value length out of bounds at byte " + at);
            return (int) n;
        }

        String text(Charset cs) throws MalformedException {
            if (at < b.length && (b[at] & 0xff) == 0x7f) at++; // quote before a text starting ≥ 0x80
            int start = at;
            while (at < b.length && b[at] != 0) at++;
            if (at >= b.length) throw new MalformedException("unterminated text at byte " + start);
            return new String(b, start, at++ - start, cs);
        }

        long longInteger() throws MalformedException {
            int o = u8();
            if (o >= 0x80) return o & 0x7f; // short-integer
            if (o > 8 || o == 0) throw new MalformedException("long integer of " + o + " bytes at byte " + at);
            long v = 0;
            for (int i = 0; i < o; i++) v = (v << 8) | u8();
            return v;
        }

        /** Encoded-string-value: a text, or a length, a charset (MIBenum) and a text. */
        String encodedString() throws MalformedException {
            int o = b.length > at ? b[at] & 0xff : -1;
            if (o < 0) throw new MalformedException("truncated at byte " + at);
            if (o >= 32) return text(StandardCharsets.UTF_8);
            int len = valueLength();
            int end = at + len;
            long charset = longInteger();
            Charset cs = charset == 106 ? StandardCharsets.UTF_8 : charset == 3 ? StandardCharsets.US_ASCII
                    : charset == 4 ? StandardCharsets.ISO_8859_1 : charset == 1015 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8;
            String s = text(cs);
            at = end;
            return s;
        }

        /** Skips a value by the generic WSP rules (short-integer, text, or length-prefixed). */
        void skipValue() throws MalformedException {
            int o = b.length > at ? b[at] & 0xff : -1;
            if (o < 0) throw new MalformedException("truncated at byte " + at);
            if (o >= 0x80) at++;
            else if (o <= 31) at += valueLength();
            else text(StandardCharsets.ISO_8859_1);
        }
    }

    public static MmsNotification parse(byte[] pdu) throws MalformedException {
        if (pdu == null || pdu.length == 0) throw new MalformedException("empty PDU");
        Reader r = new Reader(pdu);
        int type = -1;
        int version = 0x12;
        String tid = null;
        String loc = null;
        String from = null;
        String subject = null;
        long size = 0;
        long expiry = 0;
        boolean relative = false;
        while (r.more()) {
            int field = r.u8();
            if (field < 0x80) throw new MalformedException("header name 0x" + Integer.toHexString(field) + " at byte " + (r.at - 1));
            switch (field & 0x7f) {
                case 0x0C: type = r.u8(); break;
                case 0x18: tid = r.text(StandardCharsets.US_ASCII); break;
                case 0x0D: version = r.u8() & 0x7f; break;
                case 0x03: loc = r.text(StandardCharsets.US_ASCII); break;
                case 0x0E: size = r.longInteger(); break;
                case 0x16: subject = r.encodedString(); break;
                case 0x09: {
                    int len = r.valueLength();
                    int end = r.at + len;
                    if (r.u8() == 0x80) from = r.encodedString();
                    r.at = end;
                    break;
                }
                case 0x08: {
                    int len = r.valueLength();
                    int end = r.at + len;
                    relative = r.u8() == 0x81;
                    expiry = r.longInteger();
                    r.at = end;
                    break;
                }
                default: r.skipValue();
            }
        }
        if (type != TYPE_NOTIFICATION_IND) throw new MalformedException("not a notification (message type " + type + ")");
        if (tid == null || tid.isEmpty()) throw new MalformedException("no transaction id");
        if (loc == null || loc.isEmpty()) throw new MalformedException("no content location");
        return new MmsNotification(tid, loc, from, subject, size, expiry, relative, version);
    }

    /** The sender's address without the "/TYPE=PLMN" suffix, or null. */
    public String fromAddress() {
        if (from == null) return null;
        int slash = from.indexOf("/TYPE=");
        return slash < 0 ? from : from.substring(0, slash);
    }
}
