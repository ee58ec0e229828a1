package app.crosstalk.exporter.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Crosstalk CSV v1 record as an immutable value. Values are kept as the format has them (strings for the
 * enumerations, empty strings for empty fields, null for the empty numeric fields) so that a row read and
 * written again gives the same bytes. {@link Builder#build()} checks every value against the format.
 */
public final class CrosstalkRow {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");

    private final String channel;
    private final String kind;
    private final String direction;
    private final String status;
    private final String number;
    private final String name;
    private final long startMs;
    private final Long durationSec;
    private final Boolean video;
    private final String body;
    private final String attachments;
    private final String crosstalkId;
    private final String sourceId;

    private CrosstalkRow(Builder b) {
        channel = b.channel;
        kind = b.kind;
        direction = b.direction;
        status = b.status;
        number = b.number;
        name = b.name;
        startMs = b.startMs;
        durationSec = b.durationSec;
        video = b.video;
        body = b.body;
        attachments = b.attachments;
        crosstalkId = b.crosstalkId;
        sourceId = b.sourceId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.channel = channel;
        b.kind = kind;
        b.direction = direction;
        b.status = status;
        b.number = number;
        b.name = name;
        b.startMs = startMs;
        b.startSet = true;
        b.durationSec = durationSec;
        b.video = video;
        b.body = body;
        b.attachments = attachments;
        b.crosstalkId = crosstalkId;
        b.sourceId = sourceId;
        return b;
    }

    /** Always {@link CrosstalkCsv#VERSION}: rows of other versions are never built. */
    public String v() { return CrosstalkCsv.VERSION; }
    public String channel() { return channel; }
    public String kind() { return kind; }
    public String direction() { return direction; }
    public String status() { return status; }
    /** As the phone stores it; empty when hidden. */
    public String number() { return number; }
    public String name() { return name; }
    public long startMs() { return startMs; }
    /** Null when the field is empty (messages). */
    public Long durationSec() { return durationSec; }
    /** Null when the field is empty (messages). */
    public Boolean video() { return video; }
    public String body() { return body; }
    /** Opaque: empty or a JSON array, carried as text. */
    public String attachments() { return attachments; }
    public String crosstalkId() { return crosstalkId; }
    public String sourceId() { return sourceId; }

    public boolean isCall() {
        return CrosstalkCsv.KIND_CALL.equals(kind);
    }

    public boolean isIncoming() {
        return CrosstalkCsv.IN.equals(direction);
    }

    /** The values in writer order ({@link CrosstalkCsv#COLUMNS}). */
    public List<String> fields() {
        return Collections.unmodifiableList(Arrays.asList(
                CrosstalkCsv.VERSION, channel, kind, direction, status, number, name, IsoTime.format(startMs),
                durationSec == null ? "" : Long.toString(durationSec),
                video == null ? "" : (video ? "1" : "0"),
                body, attachments, crosstalkId, sourceId));
    }

    /**
     * A row from a record's cells by column name (missing columns read as empty), or throws
     * IllegalArgumentException whose message is the reason the record is skipped. Same rules as the PWA's
     * importer: unknown version, channel, kind, direction, status, bad start, bad numbers.
     */
    public static CrosstalkRow fromCells(Map<String, String> cells) {
        String v = cell(cells, CrosstalkCsv.V);
        if (!CrosstalkCsv.VERSION.equals(v)) throw new IllegalArgumentException("unknown format version v=" + quoted(v));
        Builder b = builder()
                .channel(cell(cells, CrosstalkCsv.CHANNEL))
                .kind(cell(cells, CrosstalkCsv.KIND))
                .direction(cell(cells, CrosstalkCsv.DIRECTION))
                .status(cell(cells, CrosstalkCsv.STATUS))
                .number(cell(cells, CrosstalkCsv.NUMBER))
                .name(cell(cells, CrosstalkCsv.NAME))
                .body(cell(cells, CrosstalkCsv.BODY))
                .attachments(cell(cells, CrosstalkCsv.ATTACHMENTS))
                .crosstalkId(cell(cells, CrosstalkCsv.CROSSTALK_ID))
                .sourceId(cell(cells, CrosstalkCsv.SOURCE_ID));
        b.startMs(IsoTime.parse(cell(cells, CrosstalkCsv.START)));
        String duration = cell(cells, CrosstalkCsv.DURATION_SEC);
        if (!duration.isEmpty()) {
            if (!DIGITS.matcher(duration).matches()) throw new IllegalArgumentException("bad duration_sec " + quoted(duration));
            b.durationSec(Long.parseLong(duration));
        }
        String video = cell(cells, CrosstalkCsv.VIDEO);
        if (!video.isEmpty()) {
            if (!video.equals("0") && !video.equals("1")) throw new IllegalArgumentException("bad video " + quoted(video));
            b.video(video.equals("1"));
        }
        return b.build();
    }

    private static String cell(Map<String, String> cells, String column) {
        String value = cells.get(column);
        return value == null ? "" : value;
    }

    static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof CrosstalkRow)) return false;
        CrosstalkRow r = (CrosstalkRow) o;
        return startMs == r.startMs && channel.equals(r.channel) && kind.equals(r.kind)
                && direction.equals(r.direction) && status.equals(r.status) && number.equals(r.number)
                && name.equals(r.name) && Objects.equals(durationSec, r.durationSec) && Objects.equals(video, r.video)
                && body.equals(r.body) && attachments.equals(r.attachments) && crosstalkId.equals(r.crosstalkId)
                && sourceId.equals(r.sourceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, kind, direction, status, number, name, startMs, durationSec, video, body,
                attachments, crosstalkId, sourceId);
    }

    @Override
    public String toString() {
        return "CrosstalkRow" + fields();
    }

    public static final class Builder {
        private String channel = "";
        private String kind = "";
        private String direction = "";
        private String status = "";
        private String number = "";
        private String name = "";
        private long startMs;
        private boolean startSet;
        private Long durationSec;
        private Boolean video;
        private String body = "";
        private String attachments = "";
        private String crosstalkId = "";
        private String sourceId = "";

        private Builder() {}

        private static String text(String s) {
            return s == null ? "" : s;
        }

        public Builder channel(String s) { channel = text(s); return this; }
        public Builder kind(String s) { kind = text(s); return this; }
        public Builder direction(String s) { direction = text(s); return this; }
        public Builder status(String s) { status = text(s); return this; }
        public Builder number(String s) { number = text(s); return this; }
        public Builder name(String s) { name = text(s); return this; }
        public Builder startMs(long ms) { startMs = ms; startSet = true; return this; }
        public Builder durationSec(Long s) { durationSec = s; return this; }
        public Builder video(Boolean b) { video = b; return this; }
        public Builder body(String s) { body = text(s); return this; }
        public Builder attachments(String s) { attachments = text(s); return this; }
        public Builder crosstalkId(String s) { crosstalkId = text(s); return this; }
        public Builder sourceId(String s) { sourceId = text(s); return this; }

        /** Throws IllegalArgumentException naming the first value the format does not allow. */
        public CrosstalkRow build() {
            if (!CrosstalkCsv.CHANNELS.contains(channel)) throw new IllegalArgumentException("unknown channel " + quoted(channel));
            if (!CrosstalkCsv.KINDS.contains(kind)) throw new IllegalArgumentException("unknown kind " + quoted(kind));
            if (!CrosstalkCsv.IN.equals(direction) && !CrosstalkCsv.OUT.equals(direction)) {
                throw new IllegalArgumentException("direction must be in or out, not " + quoted(direction));
            }
            if (CrosstalkCsv.KIND_CALL.equals(kind)) {
                if (!CrosstalkCsv.CALL_STATUSES.contains(status)) throw new IllegalArgumentException("unknown call status " + quoted(status));
            } else if (!status.isEmpty() && !CrosstalkCsv.MESSAGE_STATUSES.contains(status)) {
                throw new IllegalArgumentException("unknown message status " + quoted(status));
            }
            if (!startSet) throw new IllegalArgumentException("no start time");
            if (durationSec != null && durationSec < 0) throw new IllegalArgumentException("negative duration_sec");
            return new CrosstalkRow(this);
        }
    }
}
