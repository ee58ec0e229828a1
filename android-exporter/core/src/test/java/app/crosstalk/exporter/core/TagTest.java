package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.util.Map;

import org.junit.Test;

public class TagTest {
    @Test
    public void textAndParse() {
        Tag t = Tag.of("whatsapp", "ct1-3f9a0c1d2e4b5a6c");
        assertEquals("crosstalk:whatsapp:ct1-3f9a0c1d2e4b5a6c", t.text());
        assertEquals(t, Tag.parse(t.text()));
        assertEquals(Tag.of("signal", "ct1-3f9a0c1d2e4b5a6c-2"), Tag.parse("crosstalk:signal:ct1-3f9a0c1d2e4b5a6c-2"));
        assertEquals("app.crosstalk.exporter/.WriteBack", Tag.CALL_COMPONENT);
    }

    @Test
    public void onlyExactTagsParse() {
        String[] notTags = {null, "", "crosstalk:", "crosstalk:whatsapp:", "crosstalk:phone:ct1-1",
                "crosstalk:fax:ct1-1", "Crosstalk:whatsapp:ct1-1", " crosstalk:whatsapp:ct1-1",
                "crosstalk:whatsapp:ct1-1 ", "crosstalk:whatsapp:ct1:1", "crosstalk:whatsapp:-ct1",
                "re: crosstalk:whatsapp:ct1-1", "crosstalk:whatsapp:ct1-1\nmore"};
        for (String s : notTags) assertNull(s, Tag.parse(s));
    }

    @Test
    public void refusesPhoneChannelAndBadIds() {
        for (String[] bad : new String[][] {{"phone", "ct1-1"}, {"whatsapp", ""}, {"whatsapp", null},
                {"whatsapp", "has space"}, {"whatsapp", "a:b"}}) {
            try {
                Tag.of(bad[0], bad[1]);
                fail(bad[0] + " " + bad[1]);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }

    @Test
    public void callsNeedBothColumns() {
        Map<String, Object> call = InMemoryPhoneStore.row(ProviderRows.Calls.NUMBER, "+1");
        Tag.of("telegram", "ct1-1").applyToCall(call);
        assertEquals(Tag.CALL_COMPONENT, call.get("subscription_component_name"));
        assertEquals("crosstalk:telegram:ct1-1", call.get("subscription_id"));
        assertEquals(Tag.of("telegram", "ct1-1"), Tag.ofCall(call));
        call.put("subscription_component_name", "com.android.phone/com.android.services.telephony.TelephonyConnectionService");
        assertNull("a SIM call whose account id happens to look like a tag", Tag.ofCall(call));
        call.put("subscription_component_name", Tag.CALL_COMPONENT);
        call.put("subscription_id", "1");
        assertNull(Tag.ofCall(call));
        call.remove("subscription_id");
        assertNull(Tag.ofCall(call));
    }

    @Test
    public void smsCarryTheTagInSubject() {
        Map<String, Object> sms = InMemoryPhoneStore.row(ProviderRows.Sms.BODY, "hi");
        Tag.of("whatsapp", "ct1-9").applyToSms(sms);
        assertEquals("crosstalk:whatsapp:ct1-9", sms.get("subject"));
        assertEquals("app.crosstalk.exporter", sms.get("creator"));
        assertEquals(Tag.of("whatsapp", "ct1-9"), Tag.ofSms(sms));
        sms.put("creator", "com.riteshsahu.SMSBackupRestore");
        assertEquals("restored by a backup app: still ours", Tag.of("whatsapp", "ct1-9"), Tag.ofSms(sms));
        sms.put("subject", null);
        assertNull(Tag.ofSms(sms));
    }
}
