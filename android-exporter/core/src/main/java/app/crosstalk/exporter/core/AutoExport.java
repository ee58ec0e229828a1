package app.crosstalk.exporter.core;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The automatic export into a folder the user picked once (kept in step with their other devices by, say,
 * Syncthing): its schedule, what it remembers between runs, and the name of each file. Every run writes
 * only the rows since the previous one (see {@link ExportWatermark}), as its own file, so a synced folder
 * never holds two versions of one file and the PWA's sync folder imports each file once.
 */
public final class AutoExport {
    public enum Schedule {
        OFF(0), DAILY(24L * 3600 * 1000), WEEKLY(7L * 24 * 3600 * 1000);

        public final long periodMs;

        Schedule(long periodMs) {
            this.periodMs = periodMs;
        }
    }

    private static final String KIND = "auto1";

    public final Schedule schedule;
    /** The persisted tree URI of the folder; null until picked. */
    public final String folderUri;
    public final ExportWatermark watermark;
    public final long lastRunMs;
    /** How many files this phone has written into the folder (numbers the next one). */
    public final int files;

    private AutoExport(Schedule schedule, String folderUri, ExportWatermark watermark, long lastRunMs, int files) {
        this.schedule = schedule;
        this.folderUri = folderUri;
        this.watermark = watermark;
        this.lastRunMs = lastRunMs;
        this.files = files;
    }

    public static AutoExport off() {
        return new AutoExport(Schedule.OFF, null, ExportWatermark.NONE, 0, 0);
    }

    /** A new folder starts over: its first file holds everything. */
    public AutoExport withFolder(String uri, Schedule s) {
        if (uri == null || uri.isEmpty()) throw new IllegalArgumentException("no folder");
        boolean sameFolder = uri.equals(folderUri);
        return new AutoExport(s, uri, sameFolder ? watermark : ExportWatermark.NONE, sameFolder ? lastRunMs : 0, sameFolder ? files : 0);
    }

    public AutoExport withSchedule(Schedule s) {
        return new AutoExport(s, folderUri, watermark, lastRunMs, files);
    }

    public boolean enabled() {
        return schedule != Schedule.OFF && folderUri != null;
    }

    /** Whether a run is due (the scheduler's period is a floor; a run that came early is skipped). */
    public boolean due(long nowMs) {
        if (!enabled()) return false;
        return lastRunMs == 0 || nowMs - lastRunMs >= schedule.periodMs - 60_000 || nowMs < lastRunMs;
    }

    /**
     * After a run: the new watermark and, when a file was written, one more file. A run with no new rows
     * writes no file but still counts as a run.
     */
    public AutoExport ran(long nowMs, ExportWatermark seen, boolean wroteFile) {
        return new AutoExport(schedule, folderUri, seen, nowMs, files + (wroteFile ? 1 : 0));
    }

    /**
     * {@code crosstalk-phone-<device>-<yyyyMMdd-HHmmss>Z-<n>.csv}: sortable, unique per phone (the device
     * label keeps two phones in one folder apart), safe on every file system.
     */
    public String nextFileName(String deviceLabel, long nowMs) {
        SimpleDateFormat f = new SimpleDateFormat("yyyyMMdd-HHmmss", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return "crosstalk-phone-" + safeLabel(deviceLabel) + "-" + f.format(new Date(nowMs)) + "Z-" + (files + 1) + ".csv";
    }

    static String safeLabel(String label) {
        StringBuilder sb = new StringBuilder();
        if (label != null) {
            for (int i = 0; i < label.length() && sb.length() < 40; i++) {
                char c = label.charAt(i);
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) sb.append(c);
                else if (c >= 'A' && c <= 'Z') sb.append((char) (c + 32));
                else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') sb.append('-');
            }
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '-') sb.setLength(sb.length() - 1);
        return sb.length() == 0 ? "phone" : sb.toString();
    }

    public String encode() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("schedule", schedule.name());
        f.put("folder", folderUri);
        f.put("mark", watermark.encode());
        f.put("last", Long.toString(lastRunMs));
        f.put("files", Integer.toString(files));
        return StateCodec.encode(KIND, f);
    }

    public static AutoExport decode(String text) {
        Map<String, String> f = StateCodec.decode(KIND, text);
        if (f == null) return off();
        Schedule s;
        try {
            s = Schedule.valueOf(f.get("schedule"));
        } catch (IllegalArgumentException | NullPointerException e) {
            s = Schedule.OFF;
        }
        return new AutoExport(s, f.get("folder"), ExportWatermark.decode(f.get("mark")), Math.max(0, StateCodec.longField(f, "last", 0)),
                (int) Math.max(0, Math.min(Integer.MAX_VALUE, StateCodec.longField(f, "files", 0))));
    }
}
