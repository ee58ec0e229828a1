package app.crosstalk.exporter.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far the last automatic export got, per store: the highest row id and the latest date seen (in the
 * store's own unit). A row is new when its id is higher OR its date is later: the SMS table reuses the id of
 * a deleted newest row (no AUTOINCREMENT), and a restored backup inserts old dates under new ids, so neither
 * test alone finds every new row. A row sent twice is harmless: the PWA recognises it by its content id.
 */
public final class ExportWatermark extends EncodedState {
    public enum Store { CALLS, SMS, MMS }

    private static final String KIND = "mark1";
    public static final ExportWatermark NONE = new ExportWatermark(new long[6]);

    /** id, date per store, in Store order. */
    private final long[] marks;

    private ExportWatermark(long[] marks) {
        this.marks = marks;
    }

    public long lastId(Store s) {
        return marks[s.ordinal() * 2];
    }

    public long lastDate(Store s) {
        return marks[s.ordinal() * 2 + 1];
    }

    public boolean isNew(Store s, long id, long date) {
        return id > lastId(s) || date > lastDate(s);
    }

    /** Collects the highest id and date over every row seen (new or not). */
    public static final class Builder {
        private final long[] marks;

        public Builder(ExportWatermark from) {
            marks = from.marks.clone();
        }

        public void saw(Store s, long id, long date) {
            int i = s.ordinal() * 2;
            marks[i] = Math.max(marks[i], id);
            marks[i + 1] = Math.max(marks[i + 1], date);
        }

        public ExportWatermark build() {
            return new ExportWatermark(marks.clone());
        }
    }

    @Override
    public String encode() {
        Map<String, String> f = new LinkedHashMap<>();
        for (Store s : Store.values()) {
            f.put(s.name() + ".id", Long.toString(lastId(s)));
            f.put(s.name() + ".date", Long.toString(lastDate(s)));
        }
        return StateCodec.encode(KIND, f);
    }

    /** A saved watermark; NONE (export everything) for anything unreadable. */
    public static ExportWatermark decode(String text) {
        Map<String, String> f = StateCodec.decode(KIND, text);
        if (f == null) return NONE;
        long[] marks = new long[6];
        for (Store s : Store.values()) {
            marks[s.ordinal() * 2] = Math.max(0, StateCodec.longField(f, s.name() + ".id", 0));
            marks[s.ordinal() * 2 + 1] = Math.max(0, StateCodec.longField(f, s.name() + ".date", 0));
        }
        return new ExportWatermark(marks);
    }
}
