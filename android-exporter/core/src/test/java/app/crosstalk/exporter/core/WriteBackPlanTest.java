package app.crosstalk.exporter.core;

import static app.crosstalk.exporter.core.TestPhone.SAM;
import static app.crosstalk.exporter.core.TestPhone.XIAO;
import static app.crosstalk.exporter.core.TestPhone.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import app.crosstalk.exporter.core.WriteBackPlan.Decision;
import app.crosstalk.exporter.core.WriteBackPlan.Reason;
import app.crosstalk.exporter.core.WriteBackPlan.Target;

public class WriteBackPlanTest {
    static final String H = CrosstalkRowTest.HEADER;

    /** One of every decision, against TestPhone.dumpPhone(). */
    static final String SET = H
            + "1,whatsapp,call,in,answered,+8613800138000,Xiao Yang,2026-10-22T08:00:00.000Z,95,0,,,ct1-a000000000000001,\r\n"
            + "1,whatsapp,call,in,answered,+8613800138000,Xiao Yang,2026-10-20T11:00:00.000Z,95,0,,,ct1-0a1b2c3d4e5f6071,\r\n"
            + "1,whatsapp,sms,in,received,+8613800138000,Xiao Yang,2026-10-21T01:00:00.000Z,,,\"Hi, are you there?\",,ct1-a000000000000003,\r\n"
            + "1,phone,sms,in,received,+8613800138000,Xiao Yang,2026-10-22T08:00:00.000Z,,,phone row,,,sms:1\r\n"
            + "1,whatsapp,sms,in,received,+8613800138000,Xiao Yang,2026-10-22T08:00:00.000Z,,,no id,,,\r\n"
            + "1,whatsapp,sms,in,received,,Xiao Yang,2026-10-22T08:00:00.000Z,,,no number,,ct1-a000000000000006,\r\n"
            + "1,whatsapp,call,in,voicemail,+8613800138000,,2026-10-22T08:00:00.000Z,10,0,,,ct1-a000000000000007,\r\n"
            + "1,whatsapp,sms,out,draft,+8613800138000,,2026-10-22T08:00:00.000Z,,,draft,,ct1-a000000000000008,\r\n"
            + "1,whatsapp,mms,in,received,+8613800138000,,2026-10-22T08:00:00.000Z,,,mms,,ct1-a000000000000009,\r\n"
            + "2,whatsapp,sms,in,received,+8613800138000,,2026-10-22T08:00:00.000Z,,,v2,,ct1-a000000000000010,\r\n"
            + "1,whatsapp,call,in,answered,+8613800138000,Xiao Yang,2026-10-22T08:30:00.000Z,95,0,,,ct1-a000000000000001,\r\n"
            + "1,whatsapp,sms,in,sent,+8613800138000,,2026-10-22T08:00:00.000Z,,,mismatch,,ct1-a000000000000012,\r\n"
            + "1,telegram,sms,out,sent,+8613800138000,Xiao Yang,2026-10-22T09:00:00.000Z,,,\"[Telegram] 你好, \"\"friend\"\"\r\n😀\",,ct1-a000000000000013,\r\n"
            + "1,signal,call,in,answered,+86 138 0013 8000,,2026-10-20T01:00:05.000Z,65,0,,,ct1-a000000000000014,\r\n"
            + "1,whatsapp,sms,out,sent,+8613800138000,Xiao Yang,2026-10-22T09:00:00.000Z,,,\"[Telegram] 你好, \"\"friend\"\"\r\n😀\",,ct1-a000000000000015,\r\n"
            + "1,whatsapp,call,out,busy,+14155550123,Sam,2026-10-22T10:00:00.000Z,0,1,,,ct1-a000000000000016,\r\n";

    static List<CrosstalkCsvReader.Record> records(String text) throws IOException {
        return new CrosstalkCsvReader(new StringReader(text)).readAll();
    }

    static WriteBackPlan plan(PhoneStore store, String text, WriteBackPlan.Options o) throws IOException {
        return WriteBackPlan.build(records(text), PhoneInventory.scan(store, true, true), o);
    }

    static List<String> decisions(WriteBackPlan p) {
        List<String> out = new ArrayList<>();
        for (WriteBackPlan.Entry e : p.entries()) {
            out.add(e.record + " " + (e.target == null ? "-" : e.target) + " " + (e.reason == null ? "NEW" : e.reason)
                    + (e.detail.isEmpty() ? "" : " (" + e.detail + ")"));
        }
        return out;
    }

    @Test
    public void dryRunDecidesEveryRecord() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        Map<String, Map<Long, Map<String, Object>>> before = phone.snapshot();
        WriteBackPlan p = plan(phone, SET, WriteBackPlan.Options.both());
        assertEquals(Arrays.asList(
                "1 CALL NEW",
                "2 CALL WRITTEN_EARLIER",
                "3 SMS SAME_ON_PHONE",
                "4 SMS PHONE_RECORD",
                "5 SMS NO_CROSSTALK_ID",
                "6 SMS NO_NUMBER",
                "7 CALL VOICEMAIL",
                "8 SMS MESSAGE_STATUS",
                "9 SMS MMS",
                "10 - BAD_RECORD (unknown format version v=\"2\")",
                "11 CALL DUPLICATE_IN_FILE (record 1)",
                "12 SMS STATUS_DIRECTION",
                "13 SMS NEW",
                "14 CALL SAME_ON_PHONE",
                "15 SMS NEW",
                "16 CALL NEW"), decisions(p));
        assertEquals(2, p.newCalls());
        assertEquals(2, p.newSms());
        assertEquals(2, p.count(Target.CALL, Decision.ALREADY_ON_PHONE));
        assertEquals(1, p.count(Target.SMS, Decision.ALREADY_ON_PHONE));
        assertEquals(9, p.count(Decision.SKIPPED));
        assertEquals(Integer.valueOf(1), p.reasons().get(Reason.DUPLICATE_IN_FILE));
        assertEquals("the dry run touches nothing", before, phone.snapshot());

        Map<String, Object> sms = p.entries().get(12).values;
        assertEquals("[Telegram] 你好, \"friend\"\r\n😀", sms.get("body"));
        assertEquals("crosstalk:telegram:ct1-a000000000000013", sms.get("subject"));
        Map<String, Object> busy = p.entries().get(15).values;
        assertEquals(2, busy.get("type"));
        assertEquals(1, busy.get("features"));
        assertNull(p.entries().get(1).values);
        assertTrue(p.summary(), p.summary().startsWith("calls: 2 new, 2 already on the phone; messages: 2 new, 1 already on the phone; skipped: 9"));
    }

    @Test
    public void insertsOnlyTheNewRowsTaggedAndLeavesThePhonesOwnRowsAlone() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        Map<String, Map<Long, Map<String, Object>>> before = phone.snapshot();
        WriteBackPlan p = plan(phone, SET, WriteBackPlan.Options.both());
        WriteBack.Result r = WriteBack.execute(phone, p);
        assertEquals(2, r.insertedCalls);
        assertEquals(2, r.insertedSms);
        assertEquals(2, r.verifiedCalls);
        assertEquals(2, r.verifiedSms);
        assertTrue(r.toString(), r.complete());

        assertEquals(before.get("calls").size() + 2, phone.calls.size());
        assertEquals(before.get("sms").size() + 2, phone.sms.size());
        for (Map.Entry<Long, Map<String, Object>> e : before.get("calls").entrySet()) assertEquals(e.getValue(), phone.calls.get(e.getKey()));
        for (Map.Entry<Long, Map<String, Object>> e : before.get("sms").entrySet()) assertEquals(e.getValue(), phone.sms.get(e.getKey()));
        assertEquals(before.get("mms"), phone.mms);

        PhoneInventory after = PhoneInventory.scan(phone, true, true);
        assertTrue(after.hasWritten("ct1-a000000000000001"));
        assertTrue(after.hasWritten("ct1-a000000000000013"));
        assertTrue(after.hasWritten("ct1-a000000000000016"));
        assertEquals(4, after.ownCalls().size());
        assertEquals(4, after.ownSms().size());
    }

    @Test
    public void aSecondRunWithTheSameFileInsertsNothing() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        WriteBack.execute(phone, plan(phone, SET, WriteBackPlan.Options.both()));
        Map<String, Map<Long, Map<String, Object>>> once = phone.snapshot();
        WriteBackPlan again = plan(phone, SET, WriteBackPlan.Options.both());
        assertEquals(0, again.count(Decision.NEW));
        assertEquals(Reason.WRITTEN_EARLIER, again.entries().get(0).reason);
        assertEquals(Reason.WRITTEN_EARLIER, again.entries().get(12).reason);
        assertEquals(Reason.WRITTEN_EARLIER, again.entries().get(15).reason);
        WriteBack.Result r = WriteBack.execute(phone, again);
        assertEquals(0, r.insertedCalls + r.insertedSms);
        assertEquals(once, phone.snapshot());
    }

    @Test
    public void aRowRewrittenWithoutItsTagIsStillFoundByItsKey() throws IOException {
        // e.g. a backup app restored the row and dropped the subject: same address, type, date and body.
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        WriteBack.execute(phone, plan(phone, SET, WriteBackPlan.Options.both()));
        for (Map<String, Object> s : phone.sms.values()) if ("crosstalk:telegram:ct1-a000000000000013".equals(s.get("subject"))) s.put("subject", null);
        WriteBackPlan again = plan(phone, SET, WriteBackPlan.Options.both());
        assertEquals(Reason.SAME_ON_PHONE, again.entries().get(12).reason);
        assertEquals(0, again.count(Decision.NEW));
    }

    @Test
    public void identicalRecordsWithTheirOwnIdsAreEachWrittenOnce() throws IOException {
        String ok = "1,whatsapp,sms,out,sent,+14155550123,Sam,2026-10-22T10:01:00.000Z,,,[WhatsApp] ok,,";
        String set = H + ok + "ct1-c18375e402a691b8-1,\r\n" + ok + "ct1-c18375e402a691b8,\r\n";
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        WriteBackPlan first = plan(phone, set, WriteBackPlan.Options.both());
        assertEquals(2, first.newSms());
        // Only the second was written (say the first run stopped): the first is new, not "the same as" it.
        WriteBack.execute(phone, WriteBackPlan.build(records(H + ok + "ct1-c18375e402a691b8,\r\n"),
                PhoneInventory.scan(phone, true, true), WriteBackPlan.Options.both()));
        WriteBackPlan second = plan(phone, set, WriteBackPlan.Options.both());
        assertEquals(Arrays.asList("1 SMS NEW", "2 SMS WRITTEN_EARLIER"), decisions(second));
        WriteBack.execute(phone, second);
        assertEquals(Arrays.asList("1 SMS WRITTEN_EARLIER", "2 SMS WRITTEN_EARLIER"), decisions(plan(phone, set, WriteBackPlan.Options.both())));
        // With the tags gone (a restore that dropped them), both copies still match, one each.
        for (Map<String, Object> s : phone.sms.values()) if (String.valueOf(s.get("subject")).contains("c18375")) s.put("subject", null);
        assertEquals(Arrays.asList("1 SMS SAME_ON_PHONE", "2 SMS SAME_ON_PHONE"), decisions(plan(phone, set, WriteBackPlan.Options.both())));
        String three = set + ok + "ct1-c18375e402a691b8-2,\r\n";
        assertEquals(Arrays.asList("1 SMS SAME_ON_PHONE", "2 SMS SAME_ON_PHONE", "3 SMS NEW"),
                decisions(plan(phone, three, WriteBackPlan.Options.both())));
    }

    @Test
    public void unselectedTargetsAreSkipped() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        WriteBackPlan callsOnly = plan(phone, SET, WriteBackPlan.Options.both().withSms(false));
        assertEquals(2, callsOnly.newCalls());
        assertEquals(0, callsOnly.newSms());
        assertEquals(Reason.NOT_SELECTED, callsOnly.entries().get(12).reason);
        assertEquals(Reason.SAME_ON_PHONE, callsOnly.entries().get(13).reason);
        WriteBackPlan smsOnly = plan(phone, SET, WriteBackPlan.Options.both().withCalls(false));
        assertEquals(0, smsOnly.newCalls());
        assertEquals(2, smsOnly.newSms());
        assertEquals(Reason.NOT_SELECTED, smsOnly.entries().get(0).reason);

        // Writing calls only needs only the call log scanned for duplicates, but the plan refuses to
        // decide about a store it has not seen.
        try {
            WriteBackPlan.build(records(SET), PhoneInventory.scan(phone, true, false), WriteBackPlan.Options.both());
            fail();
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }

    @Test
    public void aPhoneThatChangedAfterTheDryRunGetsNothing() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        WriteBackPlan p = plan(phone, SET, WriteBackPlan.Options.both());
        WriteBack.execute(phone, plan(phone, SET, WriteBackPlan.Options.both())); // e.g. a double tap
        Map<String, Map<Long, Map<String, Object>>> now = phone.snapshot();
        try {
            WriteBack.execute(phone, p);
            fail("stale plan executed");
        } catch (WriteBack.PlanChangedException e) {
            assertEquals(0, e.fresh.count(Decision.NEW));
        }
        assertEquals(now, phone.snapshot());
    }

    @Test
    public void smsThatSilentlyVanishAreReported() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        phone.smsWritable = false; // not the default SMS app
        WriteBack.Result r = WriteBack.execute(phone, plan(phone, SET, WriteBackPlan.Options.both()));
        assertEquals(2, r.insertedSms);
        assertEquals(0, r.verifiedSms);
        assertEquals(Arrays.asList("ct1-a000000000000013", "ct1-a000000000000015"), r.missing);
        assertEquals(2, r.verifiedCalls);
        assertFalse(r.complete());
    }

    @Test
    public void anErrorStopsTheRunAndKeepsWhatWasWrittenUndoable() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        phone.failOnInsert = 2;
        WriteBack.Result r = WriteBack.execute(phone, plan(phone, SET, WriteBackPlan.Options.both()));
        assertEquals(1, r.insertedCalls);
        assertEquals(0, r.insertedSms);
        assertEquals("SecurityException: permission revoked", r.stoppedBy);
        assertFalse(r.complete());
        UndoPlan undo = UndoPlan.build(PhoneInventory.scan(phone, true, true), true, true);
        assertEquals(3, undo.calls());
    }

    @Test
    public void callLogLimitCountsThePhonesOwnCallsPushedOutOldestFirst() {
        List<PhoneInventory.CallEntry> existing = new ArrayList<>();
        long day = 86_400_000L;
        for (int d = 1; d <= 9; d++) existing.add(new PhoneInventory.CallEntry(d, d * day, null));
        existing.add(new PhoneInventory.CallEntry(10, 10 * day, Tag.of("whatsapp", "ct1-1")));
        CallLogCap cap = CallLogCap.estimate(10, existing, Arrays.asList(11 * day, 12 * day, 13 * day, 0L));
        assertEquals(10, cap.existingCalls);
        assertEquals(4, cap.newCalls);
        assertEquals(4, cap.overflow);
        assertEquals(3, cap.phoneCallsPushedOut);
        assertEquals(0, cap.earlierWriteBackPushedOut);
        assertEquals(1, cap.newCallsPushedOut);
        assertEquals(Long.valueOf(day), cap.pushedOutFrom);
        assertEquals(Long.valueOf(3 * day), cap.pushedOutTo);
        assertTrue(cap.warns());

        // Old chat-app calls go first: they are the oldest, the phone's own are untouched.
        CallLogCap old = CallLogCap.estimate(10, existing, Arrays.asList(-2 * day, -day));
        assertEquals(2, old.overflow);
        assertEquals(0, old.phoneCallsPushedOut);
        assertEquals(2, old.newCallsPushedOut);
        assertNull(old.pushedOutFrom);

        CallLogCap room = CallLogCap.estimate(500, existing, Arrays.asList(11 * day));
        assertEquals(0, room.overflow);
        assertFalse(room.warns());

        // Already over the limit (the phone's real limit is higher): only what the insert adds counts.
        List<PhoneInventory.CallEntry> many = new ArrayList<>();
        for (int d = 1; d <= 12; d++) many.add(new PhoneInventory.CallEntry(d, d * day, null));
        CallLogCap over = CallLogCap.estimate(10, many, Arrays.asList(20 * day));
        assertEquals(3, over.overflow);
        assertEquals(1, over.phoneCallsPushedOut);
        assertEquals(Long.valueOf(3 * day), over.pushedOutFrom);
        assertEquals(0, CallLogCap.estimate(10, many, new ArrayList<Long>()).phoneCallsPushedOut);
    }

    @Test
    public void thePlanCarriesTheCallLogWarning() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone(); // 14 calls, 2 of them written back earlier
        WriteBackPlan p = plan(phone, SET, new WriteBackPlan.Options(true, true, 15));
        CallLogCap cap = p.cap();
        assertNotNull(cap);
        assertEquals(14, cap.existingCalls);
        assertEquals(2, cap.newCalls);
        assertEquals(1, cap.overflow);
        assertEquals(1, cap.phoneCallsPushedOut);
        assertEquals(Long.valueOf(t("2026-10-20T01:00:05.000Z")), cap.pushedOutFrom);
        assertTrue(p.summary().contains("call-log limit"));
        assertEquals(15, p.options().callLogLimit);
        assertEquals(0, plan(phone, SET, WriteBackPlan.Options.both()).cap().overflow);
        assertEquals(SAM, p.entries().get(15).row.number());
        assertEquals(XIAO, p.entries().get(0).row.number());
    }
}
