package app.crosstalk.exporter.core;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Crosstalk CSV, version 1 (docs/crosstalk-csv-v1.md): the column names in writer order and the value sets.
 * The PWA's src/lib/model/crosstalk-csv.ts holds the same lists; the interchange fixtures keep the two honest.
 */
public final class CrosstalkCsv {
    private CrosstalkCsv() {}

    public static final String VERSION = "1";

    public static final String V = "v";
    public static final String CHANNEL = "channel";
    public static final String KIND = "kind";
    public static final String DIRECTION = "direction";
    public static final String STATUS = "status";
    public static final String NUMBER = "number";
    public static final String NAME = "name";
    public static final String START = "start";
    public static final String DURATION_SEC = "duration_sec";
    public static final String VIDEO = "video";
    public static final String BODY = "body";
    public static final String ATTACHMENTS = "attachments";
    public static final String CROSSTALK_ID = "crosstalk_id";
    public static final String SOURCE_ID = "source_id";

    /** Writer order. */
    public static final List<String> COLUMNS = Collections.unmodifiableList(Arrays.asList(
            V, CHANNEL, KIND, DIRECTION, STATUS, NUMBER, NAME, START, DURATION_SEC, VIDEO, BODY, ATTACHMENTS,
            CROSSTALK_ID, SOURCE_ID));

    /** A header without these is not a Crosstalk CSV v1 file. */
    public static final List<String> REQUIRED = Collections.unmodifiableList(Arrays.asList(
            V, CHANNEL, KIND, DIRECTION, START));

    public static final String CHANNEL_PHONE = "phone";
    public static final List<String> CHANNELS = Collections.unmodifiableList(Arrays.asList(
            CHANNEL_PHONE, "whatsapp", "telegram", "signal"));

    public static final String KIND_CALL = "call";
    public static final String KIND_SMS = "sms";
    public static final String KIND_MMS = "mms";
    public static final List<String> KINDS = Collections.unmodifiableList(Arrays.asList(KIND_CALL, KIND_SMS, KIND_MMS));

    public static final String IN = "in";
    public static final String OUT = "out";

    public static final List<String> CALL_STATUSES = Collections.unmodifiableList(Arrays.asList(
            "answered", "missed", "rejected", "voicemail", "blocked", "busy", "unanswered"));
    public static final List<String> MESSAGE_STATUSES = Collections.unmodifiableList(Arrays.asList(
            "received", "sent", "draft", "outbox", "failed", "queued"));

    public static boolean isChatChannel(String channel) {
        return CHANNELS.contains(channel) && !CHANNEL_PHONE.equals(channel);
    }

    /**
     * A strict UTF-8 reader: malformed bytes fail the read instead of being replaced, so a body is never
     * silently altered on its way to the phone.
     */
    public static Reader utf8Reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    /** UTF-8 without a byte-order mark, buffered; callers flush or close. */
    public static Writer utf8Writer(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }
}
