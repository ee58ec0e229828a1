package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class MmsNotificationTest {
    private static void text(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write(b, 0, b.length);
        o.write(0);
    }

    /** An M-Notification.ind as a carrier sends it (OMA-MMS-ENC 1.3 §6.2). */
    static byte[] notification(boolean withSubject) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x8C); o.write(0x82);                       // message type: notification-ind
        o.write(0x98); text(o, "T16a2b3c4d5");               // transaction id
        o.write(0x8D); o.write(0x92);                       // version 1.2
        o.write(0x89); o.write(0x1A); o.write(0x80);        // from: length 26, address present
        text(o, "+8613800138000/TYPE=PLMN");
        if (withSubject) {                                  // subject: length, charset utf-8 (106), text
            byte[] s = "照片".getBytes(StandardCharsets.UTF_8);
            o.write(0x96); o.write(s.length + 2); o.write(0xEA); o.write(s, 0, s.length); o.write(0);
        }
        o.write(0x8A); o.write(0x80);                       // class personal
        o.write(0x8E); o.write(0x02); o.write(0x9C); o.write(0x40); // size 40000
        o.write(0x88); o.write(0x05); o.write(0x81); o.write(0x03); o.write(0x09); o.write(0x3A); o.write(0x80); // expiry +604800 s
        o.write(0x83); text(o, "http://mmsc.example.net/mms/wapenc?location=abc&rid=1");
        return o.toByteArray();
    }

    @Test
    public void readsTheFieldsTheInboxNeeds() throws Exception {
        MmsNotification n = MmsNotification.parse(notification(true));
        assertEquals("T16a2b3c4d5", n.transactionId);
        assertEquals("http://mmsc.example.net/mms/wapenc?location=abc&rid=1", n.contentLocation);
        assertEquals("+8613800138000", n.fromAddress());
        assertEquals("照片", n.subject);
        assertEquals(40000, n.messageSize);
        assertEquals(604800, n.expiry);
        assertEquals(true, n.expiryRelative);
        assertEquals(0x12, n.version);
        assertEquals(130, n.columns.get("m_type"));
        assertEquals("http://mmsc.example.net/mms/wapenc?location=abc&rid=1", n.columns.get("ct_l"));
        assertNull(MmsNotification.parse(notification(false)).subject);
    }

    @Test
    public void everyTruncationAndCorruptionIsAClearRefusalNeverACrash() {
        byte[] full = notification(true);
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            try {
                MmsNotification.parse(part);
                fail("parsed a PDU cut at " + cut);
            } catch (MmsNotification.MalformedException expected) {
                // the message says where
            }
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = full.clone();
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            try {
                MmsNotification.parse(b);
            } catch (MmsNotification.MalformedException expected) {
                // fine: refused
            }
        }
    }

    @Test
    public void aDeliveryReportIsNotANotification() {
        try {
            MmsNotification.parse(new byte[] {(byte) 0x8C, (byte) 0x86, (byte) 0x98, 'x', 0});
            fail();
        } catch (MmsNotification.MalformedException e) {
            assertEquals("not a notification (message type 134)", e.getMessage());
        }
    }
}
