package app.crosstalk.exporter.core;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static app.crosstalk.exporter.core.ProviderRows.Calls;
import static app.crosstalk.exporter.core.ProviderRows.Mms;
import static app.crosstalk.exporter.core.ProviderRows.Sms;

/**
 * The phone behind tests/fixtures/interchange/phone-dump.csv: that fixture is exactly what the exporter
 * writes for this store (InterchangeFixturesTest checks it), so the fixture is a real exporter output.
 */
final class TestPhone {
    private TestPhone() {}

    static final String XIAO = "+8613800138000";
    static final String SAM = "+14155550123";

    static long t(String iso) {
        return IsoTime.parse(iso);
    }

    static final NameLookup NAMES = new NameLookup() {
        final Map<String, String> names = new HashMap<>();
        {
            names.put(XIAO, "Xiao Yang");
            names.put("13900139000", "Lin, Wei");
            names.put("10086", "China Mobile 中国移动");
        }

        @Override
        public String nameFor(String number) {
            return names.get(number);
        }
    };

    private static InMemoryPhoneStore call(InMemoryPhoneStore s, long id, String number, String iso, long duration, int type,
            int presentation, int features, String name) {
        return s.addCall(id, Calls.NUMBER, number, Calls.DATE, t(iso), Calls.DURATION, duration, Calls.TYPE, type,
                Calls.NUMBER_PRESENTATION, presentation, Calls.FEATURES, features, Calls.CACHED_NAME, name,
                Calls.PHONE_ACCOUNT_COMPONENT_NAME, "com.android.phone/com.android.services.telephony.TelephonyConnectionService",
                Calls.PHONE_ACCOUNT_ID, "89860000000000000001");
    }

    private static InMemoryPhoneStore sms(InMemoryPhoneStore s, long id, String address, String iso, int type, String body) {
        return s.addSms(id, Sms.ADDRESS, address, Sms.DATE, t(iso), Sms.TYPE, type, Sms.BODY, body, Sms.SUBJECT, null,
                Sms.CREATOR, "com.google.android.apps.messaging");
    }

    static List<String[]> pairs(String[]... p) {
        return Arrays.asList(p);
    }

    /** Every call type, every SMS type, MMS text, hidden numbers, awkward bodies, and rows written back earlier. */
    static InMemoryPhoneStore dumpPhone() {
        InMemoryPhoneStore s = new InMemoryPhoneStore();
        call(s, 101, XIAO, "2026-10-20T01:00:05.000Z", 65, CallTypes.INCOMING, 1, 0, "Xiao Yang");
        call(s, 102, XIAO, "2026-10-20T02:15:00.250Z", 120, CallTypes.OUTGOING, 1, 0, "Xiao Yang");
        call(s, 103, "13900139000", "2026-10-20T03:00:00.000Z", 0, CallTypes.OUTGOING, 1, 0, null);
        call(s, 104, SAM, "2026-10-20T04:00:00.000Z", 0, CallTypes.MISSED, 1, 0, "");
        call(s, 105, SAM, "2026-10-20T04:01:10.000Z", 31, CallTypes.VOICEMAIL, 1, 0, "");
        call(s, 106, XIAO, "2026-10-20T05:00:00.000Z", 0, CallTypes.REJECTED, 1, 0, "Xiao Yang");
        call(s, 107, "+447700900123", "2026-10-20T06:00:00.000Z", 0, CallTypes.BLOCKED, 1, 0, "");
        call(s, 108, XIAO, "2026-10-20T07:00:00.000Z", 300, CallTypes.ANSWERED_EXTERNALLY, 1, 0, "Xiao Yang");
        call(s, 109, "", "2026-10-20T08:00:00.000Z", 0, CallTypes.MISSED, 2, 0, "");
        call(s, 110, "-2", "2026-10-20T09:00:00.000Z", 12, CallTypes.INCOMING, 3, 0, "");
        call(s, 111, XIAO, "2026-10-20T10:00:00.999Z", 600, CallTypes.INCOMING, 1, 1 | 4 | 8, "Xiao Yang");
        s.addCall(112, Calls.NUMBER, XIAO, Calls.DATE, t("2026-10-20T11:00:00.000Z"), Calls.DURATION, 95L,
                Calls.TYPE, CallTypes.INCOMING, Calls.NUMBER_PRESENTATION, 1, Calls.FEATURES, 0, Calls.CACHED_NAME, "Xiao Yang",
                Calls.PHONE_ACCOUNT_COMPONENT_NAME, Tag.CALL_COMPONENT, Calls.PHONE_ACCOUNT_ID, "crosstalk:whatsapp:ct1-0a1b2c3d4e5f6071");
        s.addCall(113, Calls.NUMBER, XIAO, Calls.DATE, t("2026-10-20T12:00:00.000Z"), Calls.DURATION, 42L,
                Calls.TYPE, CallTypes.OUTGOING, Calls.NUMBER_PRESENTATION, 1, Calls.FEATURES, 1, Calls.CACHED_NAME, "Xiao Yang",
                Calls.PHONE_ACCOUNT_COMPONENT_NAME, Tag.CALL_COMPONENT, Calls.PHONE_ACCOUNT_ID, "crosstalk:telegram:ct1-8899aabbccddeeff");
        call(s, 114, XIAO, "2026-10-20T13:00:00.000Z", 5, 42, 1, 0, "");

        sms(s, 201, XIAO, "2026-10-21T01:00:00.000Z", SmsTypes.INBOX, "Hi, are you there?");
        sms(s, 202, XIAO, "2026-10-21T01:01:00.000Z", SmsTypes.SENT, "She said \"ok\", then left.");
        sms(s, 203, "10086", "2026-10-21T01:02:00.000Z", SmsTypes.INBOX, "您的话费余额为12.50元。回复1查询详情，回复TD退订");
        sms(s, 204, XIAO, "2026-10-21T01:03:00.000Z", SmsTypes.SENT, "line one\r\nline two (CRLF)");
        sms(s, 205, XIAO, "2026-10-21T01:04:00.000Z", SmsTypes.INBOX, "line one\nline two (LF)\n");
        sms(s, 206, SAM, "2026-10-21T01:05:00.000Z", SmsTypes.INBOX, "Party at 8 🎉😀👍🏽");
        sms(s, 207, SAM, "2026-10-21T01:06:00.000Z", SmsTypes.DRAFT, "unsent draft");
        sms(s, 208, SAM, "2026-10-21T01:07:00.000Z", SmsTypes.OUTBOX, "waiting in the outbox");
        sms(s, 209, SAM, "2026-10-21T01:08:00.000Z", SmsTypes.FAILED, "this one failed");
        sms(s, 210, SAM, "2026-10-21T01:09:00.000Z", SmsTypes.QUEUED, "queued, \"later\"");
        sms(s, 211, "Google", "2026-10-21T01:10:00.000Z", SmsTypes.INBOX, "G-123456 is your Google verification code.");
        sms(s, 212, XIAO, "2026-10-21T01:11:00.000Z", SmsTypes.INBOX, "");
        sms(s, 213, XIAO, "2026-10-21T01:12:00.000Z", SmsTypes.SENT, "  leading and trailing spaces  ");
        sms(s, 214, XIAO, "2026-10-21T01:13:00.000Z", SmsTypes.SENT, "=SUM(A1) stays as typed");
        sms(s, 215, XIAO, "2026-10-21T01:14:00.000Z", SmsTypes.INBOX, "old Mac line\rend");
        s.addSms(216, Sms.ADDRESS, XIAO, Sms.DATE, t("2026-10-21T02:00:00.000Z"), Sms.TYPE, SmsTypes.SENT,
                Sms.BODY, "[WhatsApp] 晚上好, \"朋友\"\n明天见 😀", Sms.SUBJECT, "crosstalk:whatsapp:ct1-1f2e3d4c5b6a7980",
                Sms.CREATOR, Tag.PACKAGE);
        s.addSms(217, Sms.ADDRESS, XIAO, Sms.DATE, t("2026-10-21T02:01:00.000Z"), Sms.TYPE, SmsTypes.INBOX,
                Sms.BODY, "[Signal] ok", Sms.SUBJECT, "crosstalk:signal:ct1-1f2e3d4c5b6a7980-1", Sms.CREATOR, Tag.PACKAGE);
        sms(s, 218, XIAO, "2026-10-21T02:02:00.000Z", 0, "type 0 is not a message box");

        s.addMms(301, Mms.MSG_BOX, 1L, Mms.DATE, t("2026-10-21T12:30:00.000Z") / 1000, Mms.MESSAGE_TYPE, 132,
                Mms.ADDRS, pairs(new String[] {XIAO, "137"}, new String[] {"insert-address-token", "151"}),
                Mms.PARTS, pairs(new String[] {"application/smil", "<smil/>", "smil.xml", "smil.xml", null},
                        new String[] {"text/plain", "Look at this, \"cat\" 🐱", "text_0.txt", "text_0.txt", null},
                        new String[] {"image/jpeg", null, "IMG_0001.jpg", "IMG_0001.jpg", null}));
        s.addMms(302, Mms.MSG_BOX, 2L, Mms.DATE, t("2026-10-21T12:31:00.000Z") / 1000, Mms.MESSAGE_TYPE, 128,
                Mms.ADDRS, pairs(new String[] {"insert-address-token", "137"}, new String[] {XIAO, "151"}),
                Mms.PARTS, pairs(new String[] {"text/plain", "照片收到了吗？", null, "text_0.txt", null}));
        s.addMms(303, Mms.MSG_BOX, 1L, Mms.DATE, t("2026-10-21T12:32:00.000Z") / 1000, Mms.MESSAGE_TYPE, 130,
                Mms.ADDRS, pairs(new String[] {SAM, "137"}), Mms.PARTS, pairs());
        s.addMms(304, Mms.MSG_BOX, 1L, Mms.DATE, t("2026-10-21T12:33:00.000Z") / 1000, Mms.MESSAGE_TYPE, 132,
                Mms.ADDRS, pairs(new String[] {SAM, "137"}),
                Mms.PARTS, pairs(new String[] {"image/png", null, null, "photo.png", null},
                        new String[] {"video/mp4", null, "", "", "clip.mp4"}));
        return s;
    }

    /** tests/fixtures/interchange, from -Dcrosstalk.fixtures or found upwards from the working directory. */
    static File fixtures() {
        String prop = System.getProperty("crosstalk.fixtures");
        if (prop != null && new File(prop).isDirectory()) return new File(prop);
        for (File dir = new File("").getAbsoluteFile(); dir != null; dir = dir.getParentFile()) {
            File f = new File(dir, "tests/fixtures/interchange");
            if (f.isDirectory()) return f;
        }
        throw new IllegalStateException("tests/fixtures/interchange not found (set -Dcrosstalk.fixtures)");
    }

    static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(new File(fixtures(), name).toPath());
    }
}
