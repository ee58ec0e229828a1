package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class CrosstalkRowTest {
    static final String HEADER =
            "v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id\r\n";

    static final String[] BODIES = {
            "Hi, \"friend\"",
            "line1\r\nline2",
            "line1\nline2\n",
            "lone\rcr",
            "emoji 😀👍🏽🇨🇳 and 你好，世界！",
            "  spaces kept  ",
            "=SUM(A1)",
            "",
            "\"",
            ",",
            "混合 mixed, \"quoted\"\r\n第二行 😀",
    };

    static List<CrosstalkCsvReader.Record> read(String text) throws IOException {
        return new CrosstalkCsvReader(new StringReader(text)).readAll();
    }

    static String write(List<CrosstalkRow> rows) throws IOException {
        StringWriter sw = new StringWriter();
        CsvWriter w = new CsvWriter(sw);
        w.writeHeader();
        for (CrosstalkRow r : rows) w.writeRow(r);
        return sw.toString();
    }

    static CrosstalkRow.Builder message() {
        return CrosstalkRow.builder().channel("whatsapp").kind("sms").direction("out").status("sent")
                .number("+8613800138000").name("Xiao Yang").startMs(IsoTime.parse("2026-10-21T12:30:00.000Z"))
                .crosstalkId("ct1-3f9a0c1d2e4b5a6c");
    }

    @Test
    public void everyColumnRoundTrips() throws IOException {
        List<CrosstalkRow> rows = new ArrayList<>();
        rows.add(CrosstalkRow.builder().channel("phone").kind("call").direction("in").status("answered")
                .number("+8613800138000").name("Xiao, \"Yang\"").startMs(IsoTime.parse("2026-10-20T01:00:05.123Z"))
                .durationSec(65L).video(true).sourceId("call:17").build());
        for (int i = 0; i < BODIES.length; i++) {
            rows.add(message().body(BODIES[i]).startMs(1_000_000L * i)
                    .attachments(i == 0 ? "[{\"name\":\"a, b.jpg\",\"type\":\"image/jpeg\"}]" : "").build());
        }
        rows.add(CrosstalkRow.builder().channel("phone").kind("mms").direction("in").status("received").number("")
                .startMs(-1L).body("before 1970").sourceId("mms:9").build());
        String text = write(rows);
        List<CrosstalkCsvReader.Record> back = read(text);
        assertEquals(rows.size(), back.size());
        for (int i = 0; i < rows.size(); i++) {
            assertFalse(back.get(i).toString(), back.get(i).isSkip());
            assertEquals(rows.get(i), back.get(i).row);
            assertEquals(i + 1, back.get(i).number);
        }
        List<CrosstalkRow> again = new ArrayList<>();
        for (CrosstalkCsvReader.Record r : back) again.add(r.row);
        assertEquals(text, write(again));
    }

    @Test
    public void bytesRoundTripThroughStrictUtf8() throws IOException {
        List<CrosstalkRow> rows = new ArrayList<>();
        for (String b : BODIES) rows.add(message().body(b).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer w = CrosstalkCsv.utf8Writer(out);
        w.write(write(rows));
        w.flush();
        byte[] bytes = out.toByteArray();
        assertFalse("no BOM", bytes[0] == (byte) 0xEF);
        List<CrosstalkCsvReader.Record> back = new CrosstalkCsvReader(
                CrosstalkCsv.utf8Reader(new ByteArrayInputStream(bytes))).readAll();
        for (int i = 0; i < rows.size(); i++) assertEquals(BODIES[i], back.get(i).row.body());
        try {
            new CrosstalkCsvReader(CrosstalkCsv.utf8Reader(new ByteArrayInputStream(new byte[] {'v', ',', (byte) 0xC3, '\n'}))).readAll();
            fail("malformed UTF-8 accepted");
        } catch (IOException expected) {
            // CharacterCodingException: bodies are never silently replaced
        }
    }

    @Test
    public void theSpecExampleReads() throws IOException {
        List<CrosstalkCsvReader.Record> r = read(HEADER
                + "1,phone,call,in,answered,+8613800138000,Xiao Yang,2026-10-20T01:00:05.000Z,65,0,,,,call:17\r\n"
                + "1,whatsapp,sms,out,sent,+8613800138000,Xiao Yang,2026-10-21T12:30:00.000Z,,,\"[WhatsApp] 你好, \"\"friend\"\"\",,ct1-3f9a0c1d2e4b5a6c,\r\n");
        CrosstalkRow call = r.get(0).row;
        assertEquals("call", call.kind());
        assertEquals(Long.valueOf(65), call.durationSec());
        assertEquals(Boolean.FALSE, call.video());
        assertEquals("call:17", call.sourceId());
        CrosstalkRow sms = r.get(1).row;
        assertEquals("[WhatsApp] 你好, \"friend\"", sms.body());
        assertEquals("ct1-3f9a0c1d2e4b5a6c", sms.crosstalkId());
        assertNull(sms.durationSec());
        assertNull(sms.video());
    }

    @Test
    public void startReadsZAndOffsetsAndWritesUtc() {
        assertEquals(IsoTime.parse("2026-10-20T01:00:05.000Z"), IsoTime.parse("2026-10-20T09:00:05.000+08:00"));
        assertEquals(IsoTime.parse("2026-10-20T01:00:05.000Z"), IsoTime.parse("2026-10-20T01:00:05Z"));
        assertEquals("2026-10-19T18:00:00.000Z", IsoTime.format(IsoTime.parse("2026-10-20T02:00:00.000+08:00")));
        assertEquals("2026-10-20T01:00:05.120Z", IsoTime.format(IsoTime.parse("2026-10-20T01:00:05.12Z")));
        assertEquals("1970-01-01T00:00:00.000Z", IsoTime.format(0));
        assertEquals("1969-12-31T23:59:59.999Z", IsoTime.format(-1));
        for (String bad : new String[] {"yesterday", "2026-10-20", "2026-10-20T01:00:05", "2026-10-20 01:00:05Z", ""}) {
            try {
                IsoTime.parse(bad);
                fail(bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("bad start time"));
            }
        }
    }

    @Test
    public void columnsAreFoundByNameAndExtrasIgnored() throws IOException {
        List<CrosstalkCsvReader.Record> r = read("\uFEFFbody, start ,kind,extra,direction,channel,v,number\n\"a\nb\",2026-01-01T00:00:00.000Z,sms,x,in,phone,1,10086\n");
        CrosstalkRow row = r.get(0).row;
        assertEquals("a\nb", row.body());
        assertEquals("10086", row.number());
        assertEquals("", row.status());
        assertEquals("", row.name());
    }

    @Test
    public void badRecordsAreSkippedWithTheirNumberAndReason() throws IOException {
        List<CrosstalkCsvReader.Record> r = read(HEADER
                + "2,phone,sms,in,received,10086,,2026-10-22T00:00:00.000Z,,,future,,,sms:6\r\n"
                + "1,phone,call,in,answered,10086,,yesterday,5,0,,,,call:1\r\n"
                + "\r\n"
                + "1,phone,call,in,ringing,10086,,2026-10-22T00:00:00.000Z,5,0,,,,call:2\r\n"
                + "1,fax,call,in,answered,10086,,2026-10-22T00:00:00.000Z,5,0,,,,call:2\r\n"
                + "1,phone,call,sideways,answered,10086,,2026-10-22T00:00:00.000Z,5,0,,,,call:2\r\n"
                + "1,phone,call,in,answered,10086,,2026-10-22T00:00:00.000Z,-5,0,,,,call:2\r\n"
                + "1,phone,call,in,answered,10086,,2026-10-22T00:00:00.000Z,5,yes,,,,call:2\r\n"
                + "1,phone,fax,in,answered,10086,,2026-10-22T00:00:00.000Z,,,,,,\r\n"
                + "1,phone,sms,in,read,10086,,2026-10-22T00:00:00.000Z,,,,,,\r\n"
                + "1,phone,sms,in,received,10086,,2026-10-22T00:00:00.000Z,,,ok,,,sms:1\r\n");
        List<String> reasons = new ArrayList<>();
        for (CrosstalkCsvReader.Record rec : r) reasons.add(rec.number + ": " + (rec.isSkip() ? rec.skipReason : "ok"));
        assertEquals(Arrays.asList(
                "1: unknown format version v=\"2\"",
                "2: bad start time \"yesterday\"",
                "3: unknown call status \"ringing\"",
                "4: unknown channel \"fax\"",
                "5: direction must be in or out, not \"sideways\"",
                "6: bad duration_sec \"-5\"",
                "7: bad video \"yes\"",
                "8: unknown kind \"fax\"",
                "9: unknown message status \"read\"",
                "10: ok"), reasons);
        assertEquals(5, r.get(2).line);
    }

    @Test
    public void aFileWithoutTheV1HeaderIsRejected() throws IOException {
        try {
            read("a,b,c\n1,2,3\n");
            fail();
        } catch (CsvFormatException e) {
            assertEquals("line 1: not a Crosstalk CSV v1 header (missing v, channel, kind, direction, start)", e.getMessage());
        }
        try {
            read("");
            fail();
        } catch (CsvFormatException e) {
            assertEquals("line 1: empty file: no Crosstalk CSV header", e.getMessage());
        }
        assertTrue(read(HEADER).isEmpty());
    }

    @Test
    public void builderChecksValuesAndRowsAreValues() {
        CrosstalkRow a = message().body("x").build();
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        assertFalse(a.equals(a.toBuilder().body("y").build()));
        try {
            message().status("answered").build();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("unknown message status \"answered\"", e.getMessage());
        }
        try {
            CrosstalkRow.builder().channel("phone").kind("call").direction("in").status("answered").build();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no start time", e.getMessage());
        }
    }
}
