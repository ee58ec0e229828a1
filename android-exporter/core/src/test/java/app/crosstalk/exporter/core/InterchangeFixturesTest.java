package app.crosstalk.exporter.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;

/**
 * The contract with the PWA: the files in tests/fixtures/interchange are read and written by both sides'
 * tests, and each side must write back exactly the bytes it read.
 */
public class InterchangeFixturesTest {
    static List<CrosstalkCsvReader.Record> read(byte[] bytes) throws IOException {
        return new CrosstalkCsvReader(CrosstalkCsv.utf8Reader(new ByteArrayInputStream(bytes))).readAll();
    }

    static byte[] write(List<CrosstalkCsvReader.Record> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer w = CrosstalkCsv.utf8Writer(out);
        CsvWriter csv = new CsvWriter(w);
        csv.writeHeader();
        for (CrosstalkCsvReader.Record r : records) csv.writeRow(r.row);
        csv.flush();
        return out.toByteArray();
    }

    @Test
    public void everyFixtureReadsAndWritesBackToIdenticalBytes() throws IOException {
        File[] files = TestPhone.fixtures().listFiles();
        int checked = 0;
        for (File f : files) {
            if (!f.getName().endsWith(".csv")) continue;
            byte[] bytes = TestPhone.fixture(f.getName());
            List<CrosstalkCsvReader.Record> records = read(bytes);
            for (CrosstalkCsvReader.Record r : records) assertFalse(f.getName() + " " + r, r.isSkip());
            assertArrayEquals(f.getName(), bytes, write(records));
            checked++;
        }
        assertTrue("the fixtures are there", checked >= 2);
    }

    @Test
    public void thePhoneDumpIsExactlyWhatTheExporterWrites() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer w = CrosstalkCsv.utf8Writer(out);
        ExportWriter.Summary s = ExportWriter.write(TestPhone.dumpPhone(), w, ExportWriter.Options.all(), TestPhone.NAMES);
        assertEquals(new String(TestPhone.fixture("phone-dump.csv"), StandardCharsets.UTF_8), out.toString("UTF-8"));
        assertArrayEquals(TestPhone.fixture("phone-dump.csv"), out.toByteArray());
        assertEquals(13, s.calls);
        assertEquals(17, s.sms);
        assertEquals(3, s.mms);
        assertEquals(4, s.ownRows);
        assertEquals(3, s.skippedCount());
    }

    @Test
    public void thePhoneDumpCoversEveryTypeAndAwkwardBody() throws IOException {
        List<CrosstalkCsvReader.Record> records = read(TestPhone.fixture("phone-dump.csv"));
        Set<String> seen = new HashSet<>();
        for (CrosstalkCsvReader.Record r : records) {
            CrosstalkRow row = r.row;
            seen.add(row.kind() + "/" + row.direction() + "/" + row.status());
            seen.add("channel " + row.channel());
            if (row.number().isEmpty()) seen.add("hidden " + row.kind());
            if (row.body().contains(",")) seen.add("comma");
            if (row.body().contains("\"")) seen.add("quote");
            if (row.body().contains("\r\n")) seen.add("crlf");
            if (row.body().matches("(?s).*[^\r]\n.*")) seen.add("lf");
            if (row.body().matches("(?s).*\r[^\n].*")) seen.add("cr");
            if (row.body().codePoints().anyMatch(cp -> cp >= 0x1F300)) seen.add("emoji");
            if (row.body().codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) seen.add("chinese");
            if (!row.attachments().isEmpty()) seen.add("attachments");
            if (Boolean.TRUE.equals(row.video())) seen.add("video");
        }
        for (String expected : new String[] {"call/in/answered", "call/out/answered", "call/out/unanswered", "call/in/missed",
                "call/in/voicemail", "call/in/rejected", "call/in/blocked", "sms/in/received", "sms/out/sent",
                "sms/out/draft", "sms/out/outbox", "sms/out/failed", "sms/out/queued", "mms/in/received", "mms/out/sent",
                "channel phone", "channel whatsapp", "channel telegram", "channel signal", "hidden call", "comma", "quote",
                "crlf", "lf", "cr", "emoji", "chinese", "attachments", "video"}) {
            assertTrue(expected, seen.contains(expected));
        }
    }

    @Test
    public void theWriteBackSetIsAllNewOnAnEmptyPhoneAndNothingTheSecondTime() throws IOException {
        List<CrosstalkCsvReader.Record> records = read(TestPhone.fixture("writeback-set.csv"));
        for (CrosstalkCsvReader.Record r : records) {
            assertTrue(r.row.toString(), CrosstalkCsv.isChatChannel(r.row.channel()));
            assertTrue(r.row.number().startsWith("+"));
            assertEquals("", r.row.sourceId());
            if (!r.row.isCall()) assertTrue(r.row.body(), r.row.body().matches("(?s)\\[(WhatsApp|Telegram|Signal)\\] .*"));
        }
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        WriteBackPlan plan = WriteBackPlan.build(records, PhoneInventory.scan(phone, true, true), WriteBackPlan.Options.both());
        assertEquals(records.size(), plan.count(WriteBackPlan.Decision.NEW));
        assertEquals(8, plan.newCalls());
        assertEquals(9, plan.newSms());
        WriteBack.Result r = WriteBack.execute(phone, plan);
        assertTrue(r.toString(), r.complete());
        WriteBackPlan again = WriteBackPlan.build(records, PhoneInventory.scan(phone, true, true), WriteBackPlan.Options.both());
        assertEquals(0, again.count(WriteBackPlan.Decision.NEW));
        assertEquals(records.size(), again.count(WriteBackPlan.Decision.ALREADY_ON_PHONE));

        // And what the exporter then writes carries every write-back record with its channel and id.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer w = CrosstalkCsv.utf8Writer(out);
        ExportWriter.write(phone, w, ExportWriter.Options.all(), NameLookup.NONE);
        Set<String> exported = new HashSet<>();
        for (CrosstalkCsvReader.Record e : read(out.toByteArray())) exported.add(e.row.channel() + " " + e.row.crosstalkId());
        for (CrosstalkCsvReader.Record rec : records) assertTrue(exported.contains(rec.row.channel() + " " + rec.row.crosstalkId()));
    }
}
