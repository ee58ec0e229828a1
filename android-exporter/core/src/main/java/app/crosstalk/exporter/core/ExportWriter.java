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

        public Options(boolean calls, boolean sms, boolean mms) {
            this.calls = calls;
            this.sms = sms;
            this.mms = mms;
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
        csv.writeHeader();
        if (options.calls) {
            store.queryCalls(sink(csv, summary, 0, new Mapper() {
                @Override
                public ProviderRows.Mapped map(Map<String, Object> c) {
                    return ProviderRows.callToRow(c, names);
                }
            }));
        }
        if (options.sms) {
            store.querySms(sink(csv, summary, 1, new Mapper() {
                @Override
                public ProviderRows.Mapped map(Map<String, Object> c) {
                    return ProviderRows.smsToRow(c, names);
                }
            }));
        }
        if (options.mms) {
            store.queryMms(sink(csv, summary, 2, new Mapper() {
                @Override
                public ProviderRows.Mapped map(Map<String, Object> c) {
                    return ProviderRows.mmsToRow(c, names);
                }
            }));
        }
        csv.flush();
        return summary;
    }

    private static PhoneStore.RowSink sink(final CsvWriter csv, final Summary summary, final int kind, final Mapper mapper) {
        return new PhoneStore.RowSink() {
            @Override
            public void accept(Map<String, Object> columns) throws IOException {
                ProviderRows.Mapped m = mapper.map(columns);
                if (m.row == null) {
                    summary.skipped.put(m.skipReason, summary.skipped.getOrDefault(m.skipReason, 0) + 1);
                    return;
                }
                csv.writeRow(m.row);
                if (m.tag != null) summary.ownRows++;
                if (kind == 0) summary.calls++;
                else if (kind == 1) summary.sms++;
                else summary.mms++;
            }
        };
    }
}
