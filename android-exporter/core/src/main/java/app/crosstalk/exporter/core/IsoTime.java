package app.crosstalk.exporter.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code start} column: ISO-8601 instants read with {@code Z} or an offset, written as UTC with milliseconds. */
public final class IsoTime {
    private IsoTime() {}

    private static final DateTimeFormatter WRITE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Epoch milliseconds, or throws for text that is not an ISO-8601 date-time with Z or an offset. */
    public static long parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("bad start time \"" + text + "\"", e);
        }
    }

    /** {@code 2026-10-20T01:00:05.000Z}: what JavaScript's Date.prototype.toISOString writes for years 0–9999. */
    public static String format(long epochMs) {
        return WRITE.format(Instant.ofEpochMilli(epochMs));
    }
}
