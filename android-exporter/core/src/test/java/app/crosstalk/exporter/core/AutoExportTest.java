package app.crosstalk.exporter.core;

import static app.crosstalk.exporter.core.TestPhone.XIAO;
import static app.crosstalk.exporter.core.TestPhone.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringWriter;

import org.junit.Test;

public class AutoExportTest {
    private static final long DAY = 24L * 3600 * 1000;

    private static ExportWriter.Summary export(InMemoryPhoneStore phone, ExportWatermark since, StringWriter out) throws IOException {
        return ExportWriter.write(phone, out, new ExportWriter.Options(true, true, true, since), NameLookup.NONE);
    }

    @Test
    public void eachRunWritesOnlyTheRowsSinceTheLastOne() throws IOException {
        InMemoryPhoneStore phone = new InMemoryPhoneStore()
                .addCall(1, "number", XIAO, "date", t("2026-10-20T01:00:00.000Z"), "duration", 65L, "type", 1L)
                .addSms(5, "address", XIAO, "date", t("2026-10-21T12:30:00.000Z"), "type", 1L, "body", "first");
        StringWriter first = new StringWriter();
        ExportWriter.Summary s1 = export(phone, ExportWatermark.NONE, first);
        assertEquals(1, s1.calls);
        assertEquals(1, s1.sms);
        assertEquals(0, s1.earlier);
        assertEquals(1, s1.watermark.lastId(ExportWatermark.Store.CALLS));
        assertEquals(t("2026-10-21T12:30:00.000Z"), s1.watermark.lastDate(ExportWatermark.Store.SMS));

        // Nothing new: no rows, the same mark.
        ExportWriter.Summary s2 = export(phone, s1.watermark, new StringWriter());
        assertEquals(0, s2.rows());
        assertEquals(2, s2.earlier);
        assertEquals(s1.watermark, s2.watermark);

        // A new SMS, an old SMS restored under a new id, and a new SMS that reuses the id of a deleted one.
        phone.addSms(6, "address", XIAO, "date", t("2026-10-22T08:00:00.000Z"), "type", 2L, "body", "new")
                .addSms(7, "address", XIAO, "date", t("2020-01-01T00:00:00.000Z"), "type", 1L, "body", "restored");
        phone.deleteSms(java.util.Arrays.asList(6L, 7L));
        phone.addSms(6, "address", XIAO, "date", t("2026-10-23T08:00:00.000Z"), "type", 2L, "body", "reused id")
                .addSms(7, "address", XIAO, "date", t("2020-01-01T00:00:00.000Z"), "type", 1L, "body", "restored");
        StringWriter third = new StringWriter();
        ExportWriter.Summary s3 = export(phone, s2.watermark, third);
        assertEquals(0, s3.calls);
        assertEquals(2, s3.sms);
        assertTrue(third.toString().contains(",reused id,"));
        assertTrue(third.toString().contains(",restored,"));
        assertFalse(third.toString().contains(",first,"));
        assertEquals(7, s3.watermark.lastId(ExportWatermark.Store.SMS));
        assertEquals(t("2026-10-23T08:00:00.000Z"), s3.watermark.lastDate(ExportWatermark.Store.SMS));
    }

    @Test
    public void aRowWithAnOlderDateAndAReusedIdIsNotNew() {
        ExportWatermark.Builder b = new ExportWatermark.Builder(ExportWatermark.NONE);
        b.saw(ExportWatermark.Store.SMS, 10, 5000);
        ExportWatermark m = b.build();
        assertFalse(m.isNew(ExportWatermark.Store.SMS, 10, 5000));
        assertFalse(m.isNew(ExportWatermark.Store.SMS, 3, 4000));
        assertTrue(m.isNew(ExportWatermark.Store.SMS, 11, 1));
        assertTrue(m.isNew(ExportWatermark.Store.SMS, 9, 5001));
        assertTrue(m.isNew(ExportWatermark.Store.CALLS, 1, 1));
    }

    @Test
    public void scheduleAndFolder() {
        AutoExport off = AutoExport.off();
        assertFalse(off.enabled());
        assertFalse(off.due(1000));
        AutoExport daily = off.withFolder("content://tree/Sync%3BCrosstalk", AutoExport.Schedule.DAILY);
        assertTrue(daily.due(10 * DAY));
        AutoExport ran = daily.ran(10 * DAY, ExportWatermark.NONE, true);
        assertFalse(ran.due(10 * DAY + DAY / 2));
        assertTrue(ran.due(11 * DAY));
        assertTrue("a clock set back runs rather than waits", ran.due(5 * DAY));
        AutoExport weekly = ran.withSchedule(AutoExport.Schedule.WEEKLY);
        assertFalse(weekly.due(16 * DAY));
        assertTrue(weekly.due(17 * DAY));
        assertFalse(weekly.withSchedule(AutoExport.Schedule.OFF).due(30 * DAY));
    }

    @Test
    public void anotherFolderStartsOverAndTheStateSurvivesEncoding() {
        ExportWatermark.Builder b = new ExportWatermark.Builder(ExportWatermark.NONE);
        b.saw(ExportWatermark.Store.MMS, 4, 1_700_000_000L);
        AutoExport a = AutoExport.off().withFolder("content://tree/a;b=c%", AutoExport.Schedule.WEEKLY).ran(123, b.build(), true);
        AutoExport back = AutoExport.decode(a.encode());
        assertEquals(a.encode(), back.encode());
        assertEquals("content://tree/a;b=c%", back.folderUri);
        assertEquals(4, back.watermark.lastId(ExportWatermark.Store.MMS));
        assertEquals(1, back.files);
        AutoExport moved = back.withFolder("content://tree/other", AutoExport.Schedule.WEEKLY);
        assertEquals(ExportWatermark.NONE, moved.watermark);
        assertEquals(0, moved.files);
        assertEquals(AutoExport.off().encode(), AutoExport.decode("garbage").encode());
        assertEquals(ExportWatermark.NONE, ExportWatermark.decode("mark1;CALLS.id=x"));
    }

    @Test
    public void fileNamesAreSortableUniquePerPhoneAndSafe() {
        AutoExport a = AutoExport.off().withFolder("content://tree/x", AutoExport.Schedule.DAILY);
        long now = t("2026-12-01T18:05:09.000Z");
        assertEquals("crosstalk-phone-pixel-8-pro-20261201-180509Z-1.csv", a.nextFileName("Pixel 8 Pro", now));
        assertEquals("crosstalk-phone-phone-20261201-180509Z-3.csv",
                a.ran(1, ExportWatermark.NONE, true).ran(2, ExportWatermark.NONE, true).nextFileName("小米/../", now));
        assertEquals("crosstalk-phone-phone-20261201-180509Z-1.csv", a.nextFileName(null, now));
        assertEquals("galaxy-s24", AutoExport.safeLabel("  Galaxy S24!  "));
    }
}
