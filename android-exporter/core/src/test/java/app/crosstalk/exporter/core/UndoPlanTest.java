package app.crosstalk.exporter.core;

import static app.crosstalk.exporter.core.TestPhone.XIAO;
import static app.crosstalk.exporter.core.TestPhone.t;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import org.junit.Test;

public class UndoPlanTest {
    /** The phone before anything was written back, plus look-alikes that are not ours. */
    static InMemoryPhoneStore phoneWithLookAlikes() {
        InMemoryPhoneStore s = TestPhone.dumpPhone();
        s.calls.remove(112L);
        s.calls.remove(113L);
        s.sms.remove(216L);
        s.sms.remove(217L);
        // Not ours: right component but no tag text; tag text under another component; a subject that
        // merely mentions crosstalk; an MMS-style subject on an SMS.
        s.addCall(120, "number", XIAO, "date", t("2026-10-25T00:00:00.000Z"), "type", 1L,
                "subscription_component_name", Tag.CALL_COMPONENT, "subscription_id", "1");
        s.addCall(121, "number", XIAO, "date", t("2026-10-25T00:01:00.000Z"), "type", 1L,
                "subscription_component_name", "com.truecaller/.VoIP", "subscription_id", "crosstalk:whatsapp:ct1-1");
        s.addSms(220, "address", XIAO, "date", t("2026-10-25T00:02:00.000Z"), "type", 1L, "body", "x",
                "subject", "Re: crosstalk:whatsapp:ct1-1");
        s.addSms(221, "address", XIAO, "date", t("2026-10-25T00:03:00.000Z"), "type", 1L, "body", "x",
                "subject", "Holiday photos", "creator", Tag.PACKAGE);
        return s;
    }

    @Test
    public void undoRemovesExactlyTheTaggedRows() throws IOException {
        InMemoryPhoneStore phone = phoneWithLookAlikes();
        Map<String, Map<Long, Map<String, Object>>> before = phone.snapshot();
        WriteBack.Result written = WriteBack.execute(phone,
                WriteBackPlanTest.plan(phone, WriteBackPlanTest.SET, WriteBackPlan.Options.both()));
        // Calls of records 1, 2 (its earlier copy is gone here) and 16; messages of records 13 and 15.
        assertEquals(5, written.insertedCalls + written.insertedSms);

        UndoPlan undo = UndoPlan.build(PhoneInventory.scan(phone, true, true), true, true);
        assertEquals(3, undo.calls());
        assertEquals(2, undo.sms());
        assertEquals(5, undo.total());
        assertEquals(Integer.valueOf(4), undo.byChannel().get("whatsapp"));
        assertEquals(Integer.valueOf(1), undo.byChannel().get("telegram"));
        assertEquals("counting changes nothing", 5 + before.get("calls").size() + before.get("sms").size(),
                phone.calls.size() + phone.sms.size());

        UndoPlan.Result r = undo.execute(phone);
        assertEquals(3, r.deletedCalls);
        assertEquals(2, r.deletedSms);
        assertEquals(0, r.remainingCalls);
        assertEquals(0, r.remainingSms);
        assertEquals("back to exactly the phone as it was", before, phone.snapshot());
    }

    @Test
    public void undoAfterABrokenRunAndOnlyForTheChosenStore() throws IOException {
        InMemoryPhoneStore phone = phoneWithLookAlikes();
        Map<String, Map<Long, Map<String, Object>>> before = phone.snapshot();
        WriteBack.execute(phone, WriteBackPlanTest.plan(phone, WriteBackPlanTest.SET, WriteBackPlan.Options.both()));

        UndoPlan callsOnly = UndoPlan.build(PhoneInventory.scan(phone, true, false), true, false);
        assertEquals(0, callsOnly.sms());
        UndoPlan.Result r = callsOnly.execute(phone);
        assertEquals(3, r.deletedCalls);
        assertEquals(before.get("calls"), phone.snapshot().get("calls"));
        assertEquals(before.get("sms").size() + 2, phone.sms.size());

        phone.smsWritable = false; // the SMS role was refused: deletes silently do nothing
        UndoPlan smsUndo = UndoPlan.build(PhoneInventory.scan(phone, true, true), true, true);
        UndoPlan.Result refused = smsUndo.execute(phone);
        assertEquals(0, refused.deletedSms);
        assertEquals(2, refused.remainingSms);
        phone.smsWritable = true;
        assertEquals(2, UndoPlan.build(PhoneInventory.scan(phone, true, true), true, true).execute(phone).deletedSms);
        assertEquals(before, phone.snapshot());
    }

    @Test
    public void rowsThatLostTheirTagSinceThePlanAreKept() throws IOException {
        InMemoryPhoneStore phone = TestPhone.dumpPhone();
        UndoPlan undo = UndoPlan.build(PhoneInventory.scan(phone, true, true), true, true);
        assertEquals(Arrays.asList(112L, 113L), undo.callIds());
        assertEquals(Arrays.asList(216L, 217L), undo.smsIds());
        phone.calls.get(113L).put("subscription_component_name", "com.android.phone/x"); // rewritten meanwhile
        UndoPlan.Result r = undo.execute(phone);
        assertEquals(1, r.deletedCalls);
        assertEquals(2, r.deletedSms);
        assertEquals(true, phone.calls.containsKey(113L));
    }
}
