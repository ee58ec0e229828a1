package app.crosstalk.exporter.core;

import java.io.IOException;
import java.io.Writer;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The phone dump: the call log, the SMS store and the text of MMS as Crosstalk CSV v1, streamed row by row.
 * Rows this app inserted earlier are written with their original channel and Crosstalk id (from the tag),
 * so the PWA recognises them as the chat-app records they are. The same output is the backup taken before
 * every write-back.
 */
public final class ExportWriter {
    private ExportWriter() {}

    /** Which stores to read (only those the user allowed). */
    public static final class Options {
        public final boolean calls;
        public final boolean sms;
        public final boolean mms;
        /** Only rows new since this mark (NONE: every row). */
        public final ExportWatermark since;

        public Options(boolean calls, boolean sms, boolean mms) {
            this(calls, sms, mms, ExportWatermark.NONE);
        }

        public Options(boolean calls, boolean sms, boolean mms, ExportWatermark since) {
            if (since == null) throw new IllegalArgumentException("no watermark");
            this.calls = calls;
            this.sms = sms;
            this.mms = mms;
            this.since = since;
        }

        public static Options all() {
            return new Options(true, true, true);
        }
    }

    /** What was written and what was left out. */
    public static final class Summary {
        public int calls;
        public int sms;
        public int mms;
        /** Rows this app inserted earlier, written with their chat-app channel. */
        public int ownRows;
        /** Rows left out, per reason ("unknown call type 42" …). */
        public final Map<String, Integer> skipped = new TreeMap<>();
        /** Rows not written because an earlier automatic export had them. */
        public int earlier;
        /** The mark for the next incremental export: every row seen, written or not. */
        public ExportWatermark watermark = ExportWatermark.NONE;

        public int rows() {
            return calls + sms + mms;
        }

        public int skippedCount() {
            int n = 0;
            for (int v : skipped.values()) n += v;
            return n;
        }

        public Map<String, Integer> skipped() {
            return Collections.unmodifiableMap(skipped);
        }

        @Override
        public String toString() {
            return calls + " calls, " + sms + " SMS, " + mms + " MMS (" + ownRows + " written back earlier); skipped " + skipped;
        }
    }

    private interface Mapper {
        ProviderRows.Mapped map(Map<String, Object> columns);
    }

    /** Writes the header and every row; flushes but does not close {@code out}. */
    public static Summary write(PhoneStore store, Writer out, Options options, final NameLookup names) throws IOException {
        final CsvWriter csv = new CsvWriter(out);
        final Summary summary = new Summary();
        final ExportWatermark.Builder seen = new ExportWatermark.Builder(options.since);
        csv.writeHeader();
        if (options.calls) {
            store.queryCalls(sink(csv, summary, options.since, seen, ExportWatermark.Store.CALLS, ProviderRows.Calls.ID, ProviderRows.Calls.DATE, new Mapper() {
                @Override
                public ProviderRows.Mapped map(Map<String, Object> c) {
                    return ProviderRows.callToRow(c, names);
                }
            }));
        }
        if (options.sms) {
            store.querySms(sink(csv, summary, options.since, seen, ExportWatermark.Store.SMS, ProviderRows.Sms.ID, ProviderRows.Sms.DATE, new Mapper() {
                @Override
                public ProviderRows.Mapped map(Map<String, Object> c) {
                    return ProviderRows.smsToRow(c, names);
                }
            }));
        }
        if (options.mms) {
            store.queryMms(sink(csv, summary, options.since, seen, ExportWatermark.Store.MMS, ProviderRows.Mms.ID, ProviderRows.Mms.DATE, new Mapper() {
                @Override
                public ProviderRows.Mapped map(Map<String, Object> c) {
                    return ProviderRows.mmsToRow(c, names);
                }
            }));
        }
        csv.flush();
        summary.watermark = seen.build();
        return summary;
    }

    private static PhoneStore.RowSink sink(final CsvWriter csv, final Summary summary, final ExportWatermark since,
            final ExportWatermark.Builder seen, final ExportWatermark.Store store, final String idColumn, final String dateColumn,
            final Mapper mapper) {
        return new PhoneStore.RowSink() {
            @Override
            public void accept(Map<String, Object> columns) throws IOException {
                long id = ProviderRows.longValue(columns, idColumn, 0);
                long date = ProviderRows.longValue(columns, dateColumn, 0);
                seen.saw(store, id, date);
                if (!since.isNew(store, id, date)) {
                    summary.earlier++;
                    return;
                }
                ProviderRows.Mapped m = mapper.map(columns);
                if (m.row == null) {
                    summary.skipped.put(m.skipReason, summary.skipped.getOrDefault(m.skipReason, 0) + 1);
                    return;
                }
                csv.writeRow(m.row);
                if (m.tag != null) summary.ownRows++;
                switch (store) {
                    case CALLS: summary.calls++; break;
                    case SMS: summary.sms++; break;
                    case MMS: summary.mms++; break;
                }
            }
        };
    }
}
