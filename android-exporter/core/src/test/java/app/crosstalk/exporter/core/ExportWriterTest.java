package app.crosstalk.exporter.core;

import static app.crosstalk.exporter.core.TestPhone.XIAO;
import static app.crosstalk.exporter.core.TestPhone.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import org.junit.Test;

public class ExportWriterTest {
    @Test
    public void writesHeaderAndRowsAndCountsSkips() throws IOException {
        InMemoryPhoneStore phone = new InMemoryPhoneStore()
                .addCall(1, "number", XIAO, "date", t("2026-10-20T01:00:05.000Z"), "duration", 65L, "type", 1L,
                        "presentation", 1L, "features", 0L)
                .addCall(2, "number", XIAO, "date", t("2026-10-19T01:00:05.000Z"), "duration", 5L, "type", 77L)
                .addSms(3, "address", XIAO, "date", t("2026-10-21T12:30:00.000Z"), "type", 2L,
                        "body", "[WhatsApp] 你好, \"friend\"", "subject", "crosstalk:whatsapp:ct1-3f9a0c1d2e4b5a6c");
        StringWriter out = new StringWriter();
        ExportWriter.Summary s = ExportWriter.write(phone, out, ExportWriter.Options.all(), TestPhone.NAMES);
        assertEquals(CrosstalkRowTest.HEADER
                + "1,phone,call,in,answered,+8613800138000,Xiao Yang,2026-10-20T01:00:05.000Z,65,0,,,,call:1\r\n"
                + "1,whatsapp,sms,out,sent,+8613800138000,Xiao Yang,2026-10-21T12:30:00.000Z,,,\"[WhatsApp] 你好, \"\"friend\"\"\",,ct1-3f9a0c1d2e4b5a6c,sms:3\r\n",
                out.toString());
        assertEquals(1, s.calls);
        assertEquals(1, s.sms);
        assertEquals(0, s.mms);
        assertEquals(1, s.ownRows);
        assertEquals(1, s.skippedCount());
        assertEquals(Integer.valueOf(1), s.skipped().get("unknown call type 77"));
    }

    @Test
    public void onlyTheAllowedStoresAreRead() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        StringWriter out = new StringWriter();
        ExportWriter.Summary s = ExportWriter.write(phone, out, new ExportWriter.Options(false, true, false), NameLookup.NONE);
        assertEquals(0, s.calls);
        assertEquals(0, s.mms);
        assertEquals(17, s.sms);
        List<CrosstalkCsvReader.Record> back = new CrosstalkCsvReader(new StringReader(out.toString())).readAll();
        assertEquals(17, back.size());
        for (CrosstalkCsvReader.Record r : back) {
            assertFalse(r.isSkip());
            assertEquals("sms", r.row.kind());
        }
        StringWriter empty = new StringWriter();
        ExportWriter.write(new InMemoryPhoneStore(), empty, ExportWriter.Options.all(), NameLookup.NONE);
        assertEquals(CrosstalkRowTest.HEADER, empty.toString());
    }

    @Test
    public void ownRowsComeBackWithChannelAndIdAfterAWriteBack() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        WriteBack.execute(phone, WriteBackPlanTest.plan(phone, WriteBackPlanTest.SET, WriteBackPlan.Options.both()));
        StringWriter out = new StringWriter();
        ExportWriter.Summary s = ExportWriter.write(phone, out, ExportWriter.Options.all(), NameLookup.NONE);
        assertEquals(4 + 4, s.ownRows);
        int found = 0;
        for (CrosstalkCsvReader.Record r : new CrosstalkCsvReader(new StringReader(out.toString())).readAll()) {
            if (r.row.crosstalkId().equals("ct1-a000000000000013")) {
                found++;
                assertEquals("telegram", r.row.channel());
                assertEquals("sms", r.row.kind());
                assertEquals("[Telegram] 你好, \"friend\"\r\n😀", r.row.body());
            }
            if (r.row.crosstalkId().equals("ct1-a000000000000016")) {
                found++;
                assertEquals("whatsapp", r.row.channel());
                assertEquals("out", r.row.direction());
                assertEquals(Boolean.TRUE, r.row.video());
                assertEquals("Sam", r.row.name());
            }
        }
        assertEquals(2, found);
    }
}
