package app.crosstalk.exporter.core;

import static app.crosstalk.exporter.core.InMemoryPhoneStore.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import org.junit.Test;

public class ProviderRowsTest {
    static final long T = IsoTime.parse("2026-10-20T01:00:05.000Z");

    static CrosstalkRow chatCall(String direction, String status, long duration, boolean video) {
        return CrosstalkRow.builder().channel("whatsapp").kind("call").direction(direction).status(status)
                .number("+8613800138000").name("Xiao Yang").startMs(T).durationSec(duration).video(video)
                .crosstalkId("ct1-00112233aabbccdd").build();
    }

    static CrosstalkRow chatMessage(String direction, String status, String body) {
        return CrosstalkRow.builder().channel("telegram").kind("sms").direction(direction).status(status)
                .number("+8613800138000").name("Xiao Yang").startMs(T).body(body).crosstalkId("ct1-00112233aabbccdd").build();
    }

    @Test
    public void everyCallTypeReadsFromTheCallLog() {
        String[] expected = {null, "in/answered", "out/answered", "in/missed", "in/voicemail", "in/rejected", "in/blocked", "in/answered"};
        for (int type = 1; type <= 7; type++) {
            CrosstalkRow r = ProviderRows.callToRow(row("_id", 5L, "number", "+8613800138000", "date", T, "duration", 7L,
                    "type", (long) type, "presentation", 1L, "features", 0L, "name", "Xiao Yang"), NameLookup.NONE).row;
            assertEquals(expected[type], r.direction() + "/" + r.status());
            assertEquals("phone", r.channel());
            assertEquals("call:5", r.sourceId());
            assertEquals(Long.valueOf(7), r.durationSec());
            assertEquals(Boolean.FALSE, r.video());
            assertEquals(T, r.startMs());
            assertEquals("", r.crosstalkId());
        }
        ProviderRows.Mapped unknown = ProviderRows.callToRow(row("_id", 5L, "date", T, "type", 9L), NameLookup.NONE);
        assertNull(unknown.row);
        assertEquals("unknown call type 9", unknown.skipReason);
    }

    @Test
    public void everyCallStatusWritesToTheCallLog() {
        Object[][] cases = {{"in", "answered", 1}, {"in", "missed", 3}, {"in", "rejected", 5}, {"in", "blocked", 6},
                {"in", "busy", 3}, {"in", "unanswered", 3}, {"in", "voicemail", 4}, {"out", "answered", 2},
                {"out", "unanswered", 2}, {"out", "missed", 2}, {"out", "busy", 2}};
        for (Object[] c : cases) {
            Map<String, Object> v = ProviderRows.callValues(chatCall((String) c[0], (String) c[1], 0, false));
            assertEquals(c[0] + "/" + c[1], c[2], v.get("type"));
        }
        Map<String, Object> v = ProviderRows.callValues(chatCall("in", "answered", 95, true));
        assertEquals("+8613800138000", v.get("number"));
        assertEquals(T, v.get("date"));
        assertEquals(95L, v.get("duration"));
        assertEquals(1, v.get("features"));
        assertEquals(1, v.get("presentation"));
        assertEquals("Xiao Yang", v.get("name"));
        assertEquals(0, v.get("new"));
        assertEquals(1, v.get("is_read"));
        assertEquals(Tag.CALL_COMPONENT, v.get("subscription_component_name"));
        assertEquals("crosstalk:whatsapp:ct1-00112233aabbccdd", v.get("subscription_id"));
        assertEquals(0, ProviderRows.callValues(chatCall("in", "answered", 95, false)).get("features"));
    }

    @Test
    public void writtenCallsReadBackAsTheSameRow() {
        for (String status : CrosstalkCsv.CALL_STATUSES) {
            for (String direction : new String[] {"in", "out"}) {
                if (status.equals("voicemail")) continue; // never written
                for (long duration : new long[] {0, 42}) {
                    CrosstalkRow original = chatCall(direction, status, duration, duration > 0);
                    Map<String, Object> stored = row("_id", 77L);
                    stored.putAll(ProviderRows.callValues(original));
                    CrosstalkRow back = ProviderRows.callToRow(stored, NameLookup.NONE).row;
                    assertEquals("whatsapp", back.channel());
                    assertEquals("ct1-00112233aabbccdd", back.crosstalkId());
                    assertEquals(original.startMs(), back.startMs());
                    assertEquals(original.durationSec(), back.durationSec());
                    assertEquals(original.video(), back.video());
                    assertEquals(direction, back.direction());
                    // The call log cannot say "outgoing, missed" or "incoming, busy": those fold.
                    int type = CallTypes.toType(direction, status);
                    assertEquals(CallTypes.toMeaning(type, duration).status, back.status());
                }
            }
        }
    }

    @Test
    public void hiddenNumbersAndVideoFeatureBits() {
        Map<String, Object> base = row("_id", 1L, "date", T, "type", 3L, "duration", 0L);
        for (Object[] hidden : new Object[][] {{"", 2L}, {"-1", 1L}, {"-2", null}, {"-3", 1L}, {"+8613800138000", 2L},
                {"+8613800138000", 3L}, {"+8613800138000", 4L}, {null, null}}) {
            Map<String, Object> c = row("number", hidden[0], "presentation", hidden[1]);
            c.putAll(base);
            assertEquals(Arrays.toString(hidden), "", ProviderRows.callToRow(c, NameLookup.NONE).row.number());
        }
        Map<String, Object> c = row("number", "10086", "presentation", null, "features", 1L | 4L | 8L | 64L);
        c.putAll(base);
        CrosstalkRow r = ProviderRows.callToRow(c, NameLookup.NONE).row;
        assertEquals("10086", r.number());
        assertEquals(Boolean.TRUE, r.video());
        c.put("features", 4L | 8L);
        assertEquals(Boolean.FALSE, ProviderRows.callToRow(c, NameLookup.NONE).row.video());
    }

    @Test
    public void namesComeFromTheCallLogOrTheLookup() {
        NameLookup names = new NameLookup() {
            @Override
            public String nameFor(String number) {
                return number.equals("10086") ? "China Mobile" : null;
            }
        };
        Map<String, Object> c = row("_id", 1L, "number", "10086", "date", T, "type", 1L, "name", null);
        assertEquals("China Mobile", ProviderRows.callToRow(c, names).row.name());
        c.put("name", "Cached");
        assertEquals("Cached", ProviderRows.callToRow(c, names).row.name());
        Map<String, Object> s = row("_id", 1L, "address", "10086", "date", T, "type", 1L, "body", "x");
        assertEquals("China Mobile", ProviderRows.smsToRow(s, names).row.name());
        s.put("address", "10010");
        assertEquals("", ProviderRows.smsToRow(s, names).row.name());
    }

    @Test
    public void everySmsTypeBothWays() {
        String[] statuses = {null, "received", "sent", "draft", "outbox", "failed", "queued"};
        for (int type = 1; type <= 6; type++) {
            CrosstalkRow r = ProviderRows.smsToRow(row("_id", 9L, "address", "+8613800138000", "date", T, "type", (long) type,
                    "body", "b,\"q\"\r\n😀", "subject", null), NameLookup.NONE).row;
            assertEquals(statuses[type], r.status());
            assertEquals(type == 1 ? "in" : "out", r.direction());
            assertEquals("sms", r.kind());
            assertEquals("sms:9", r.sourceId());
            assertEquals("b,\"q\"\r\n😀", r.body());
            assertNull(r.durationSec());
            assertNull(r.video());
            Map<String, Object> v = ProviderRows.smsValues(r.toBuilder().channel("whatsapp").crosstalkId("ct1-1").build());
            assertEquals(type, v.get("type"));
        }
        assertEquals("unknown SMS type 0", ProviderRows.smsToRow(row("_id", 1L, "date", T, "type", 0L), NameLookup.NONE).skipReason);
        assertEquals("SMS without a date", ProviderRows.smsToRow(row("_id", 1L, "type", 1L), NameLookup.NONE).skipReason);
    }

    @Test
    public void smsValuesKeepTheBodyExactlyAndAreTagged() {
        String body = "[Telegram] Meeting at 3pm, room \"B\"\r\nSee you 👋 你好";
        Map<String, Object> v = ProviderRows.smsValues(chatMessage("in", "received", body));
        assertEquals("+8613800138000", v.get("address"));
        assertEquals(T, v.get("date"));
        assertEquals(T, v.get("date_sent"));
        assertEquals(1, v.get("type"));
        assertEquals(body, v.get("body"));
        assertEquals(1, v.get("read"));
        assertEquals(1, v.get("seen"));
        assertEquals(-1, v.get("sub_id"));
        assertEquals("crosstalk:telegram:ct1-00112233aabbccdd", v.get("subject"));
        assertEquals(Tag.PACKAGE, v.get("creator"));
        assertNull("the provider assigns the thread", v.get("thread_id"));
        assertEquals(2, ProviderRows.smsValues(chatMessage("out", "sent", "x")).get("type"));

        Map<String, Object> stored = row("_id", 3L);
        stored.putAll(v);
        CrosstalkRow back = ProviderRows.smsToRow(stored, NameLookup.NONE).row;
        assertEquals("telegram", back.channel());
        assertEquals("ct1-00112233aabbccdd", back.crosstalkId());
        assertEquals(body, back.body());
        assertEquals("received", back.status());
        try {
            ProviderRows.smsValues(chatMessage("in", "received", "x").toBuilder().channel("phone").build());
            fail("phone rows are never tagged");
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }

    @Test
    public void mmsTextPartsBecomeTheBodyAndOthersAttachments() {
        Map<String, Object> m = row("_id", 4L, "msg_box", 2L, "date", T / 1000, "m_type", 128L,
                ProviderRows.Mms.ADDRS, Arrays.asList(new String[] {"insert-address-token", "137"},
                        new String[] {"+8613800138000", "151"}, new String[] {"+8613900139000", "151"}),
                ProviderRows.Mms.PARTS, Arrays.asList(new String[] {"application/smil", "<smil/>", null, null, null},
                        new String[] {"text/plain", "first", null, null, null},
                        new String[] {"image/jpeg", null, "a\"b\\c.jpg", "ignored.jpg", null},
                        new String[] {"text/plain", "second", null, null, null},
                        new String[] {"text/plain", "", null, null, null},
                        new String[] {"audio/amr", null, null, null, null}));
        CrosstalkRow r = ProviderRows.mmsToRow(m, NameLookup.NONE).row;
        assertEquals("mms", r.kind());
        assertEquals("out", r.direction());
        assertEquals("sent", r.status());
        assertEquals("+8613800138000", r.number());
        assertEquals("first\nsecond", r.body());
        assertEquals("[{\"name\":\"a\\\"b\\\\c.jpg\",\"type\":\"image/jpeg\"},{\"name\":\"\",\"type\":\"audio/amr\"}]", r.attachments());
        assertEquals(T / 1000 * 1000, r.startMs());
        assertEquals("mms:4", r.sourceId());
        m.put("m_type", 130L);
        assertEquals("MMS not downloaded", ProviderRows.mmsToRow(m, NameLookup.NONE).skipReason);
    }

    @Test
    public void mmsCounterpart() {
        assertEquals("+1", ProviderRows.mmsCounterpart(1, Arrays.asList(new String[] {"+2", "151"}, new String[] {"+1", "137"})));
        assertEquals("+2", ProviderRows.mmsCounterpart(2, Arrays.asList(new String[] {"+1", "137"}, new String[] {"+2", "151"})));
        assertEquals("", ProviderRows.mmsCounterpart(1, Collections.singletonList(new String[] {"insert-address-token", "137"})));
        assertEquals("", ProviderRows.mmsCounterpart(1, Collections.<String[]>emptyList()));
    }

    @Test
    public void jsonEscapesLikeJavaScript() {
        assertEquals("\"plain 😀 你好\"", Json.string("plain 😀 你好"));
        assertEquals("\"q\\\" b\\\\ n\\n r\\r t\\t \\u0001 \\b\\f\"", Json.string("q\" b\\ n\n r\r t\t \u0001 \b\f"));
        assertEquals("\"\\ud83d\"", Json.string("\ud83d"));
        assertEquals("", Json.attachments(Collections.<String[]>emptyList()));
    }

    @Test
    public void dedupeKeys() {
        assertEquals(DedupeKey.call("+86 138-0013-8000", 1, T), DedupeKey.call("+8613800138000", 1, T));
        assertEquals(DedupeKey.call("(415) 555.0123", 1, T), DedupeKey.call("4155550123", 1, T));
        assertNotEquals(DedupeKey.call("+8613800138000", 1, T), DedupeKey.call("+8613800138000", 3, T));
        assertNotEquals(DedupeKey.call("+8613800138000", 1, T), DedupeKey.call("+8613800138000", 1, T + 1));
        assertNotEquals(DedupeKey.sms("1", 1, T, "a"), DedupeKey.sms("1", 1, T, "a "));
        assertNotEquals(DedupeKey.sms("1", 1, T, "a\r\nb"), DedupeKey.sms("1", 1, T, "a\nb"));
        CrosstalkRow m = chatMessage("in", "received", "hi");
        Map<String, Object> stored = ProviderRows.smsValues(m);
        assertEquals(DedupeKey.ofSmsRow(m), DedupeKey.ofSmsColumns(stored));
        CrosstalkRow c = chatCall("in", "busy", 0, false);
        assertEquals(DedupeKey.ofCallRow(c), DedupeKey.ofCallColumns(ProviderRows.callValues(c)));
    }

    @Test
    public void incomingSmsIsStoredUntaggedAndUnread() {
        Map<String, Object> v = ProviderRows.incomingSms("+8613800138000", "hello", T + 5, T, 2);
        assertEquals(1, v.get("type"));
        assertEquals(0, v.get("read"));
        assertEquals(0, v.get("seen"));
        assertEquals(T + 5, v.get("date"));
        assertEquals(T, v.get("date_sent"));
        assertEquals(2, v.get("sub_id"));
        assertNull(Tag.ofSms(v));
        assertTrue(!v.containsKey("subject"));
    }
}
