package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

/** The spec's Android mapping tables, both ways, for every code and every status. */
public class TypesTest {
    private static Meaning m(String direction, String status) {
        return new Meaning(direction, status);
    }

    @Test
    public void everyCallTypeReads() {
        assertEquals(m("in", "answered"), CallTypes.toMeaning(1, 65));
        assertEquals(m("out", "answered"), CallTypes.toMeaning(2, 1));
        assertEquals(m("out", "unanswered"), CallTypes.toMeaning(2, 0));
        assertEquals(m("in", "missed"), CallTypes.toMeaning(3, 0));
        assertEquals(m("in", "voicemail"), CallTypes.toMeaning(4, 30));
        assertEquals(m("in", "rejected"), CallTypes.toMeaning(5, 0));
        assertEquals(m("in", "blocked"), CallTypes.toMeaning(6, 0));
        assertEquals(m("in", "answered"), CallTypes.toMeaning(7, 12));
        assertNull(CallTypes.toMeaning(0, 0));
        assertNull(CallTypes.toMeaning(8, 0));
        assertNull(CallTypes.toMeaning(1000, 0));
    }

    @Test
    public void everyCallStatusWrites() {
        assertEquals(1, CallTypes.toType("in", "answered"));
        assertEquals(3, CallTypes.toType("in", "missed"));
        assertEquals(4, CallTypes.toType("in", "voicemail"));
        assertEquals(5, CallTypes.toType("in", "rejected"));
        assertEquals(6, CallTypes.toType("in", "blocked"));
        assertEquals(3, CallTypes.toType("in", "busy"));
        assertEquals(3, CallTypes.toType("in", "unanswered"));
        for (String status : CrosstalkCsv.CALL_STATUSES) assertEquals(status, 2, CallTypes.toType("out", status));
    }

    @Test
    public void callTypesSurviveWriteThenRead() {
        // Every type reads to a meaning that writes back to the same type, except ANSWERED_EXTERNALLY,
        // which the call log only records for calls answered on another device: it comes back INCOMING.
        for (int type = 1; type <= 7; type++) {
            for (long duration : new long[] {0, 30}) {
                Meaning meaning = CallTypes.toMeaning(type, duration);
                int expected = type == CallTypes.ANSWERED_EXTERNALLY ? CallTypes.INCOMING : type;
                assertEquals("type " + type, expected, CallTypes.toType(meaning.direction, meaning.status));
            }
        }
    }

    @Test
    public void everySmsTypeBothWays() {
        String[] statuses = {"received", "sent", "draft", "outbox", "failed", "queued"};
        for (int type = 1; type <= 6; type++) {
            Meaning meaning = SmsTypes.toMeaning(type);
            assertEquals(m(type == 1 ? "in" : "out", statuses[type - 1]), meaning);
            assertEquals(type, SmsTypes.toType(meaning.direction, meaning.status));
        }
        assertNull(SmsTypes.toMeaning(0));
        assertNull(SmsTypes.toMeaning(7));
        assertEquals(SmsTypes.INBOX, SmsTypes.toType("in", ""));
        assertEquals(SmsTypes.SENT, SmsTypes.toType("out", ""));
    }
}
