package app.crosstalk.exporter.core;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Crosstalk CSV v1 file record by record. Columns are found by header name (any order, unknown
 * ones ignored); a header without v, channel, kind, direction and start is rejected; a record that does
 * not fit the format comes back as a skip with its record number and reason, never as a guessed row.
 */
public final class CrosstalkCsvReader implements Closeable {
    /** One data record: a row, or the reason it was skipped. */
    public static final class Record {
        /** 1-based number among the data records (the header and empty lines do not count). */
        public final int number;
        /** 1-based line of the file where the record starts. */
        public final int line;
        public final CrosstalkRow row;
        public final String skipReason;

        Record(int number, int line, CrosstalkRow row, String skipReason) {
            this.number = number;
            this.line = line;
            this.row = row;
            this.skipReason = skipReason;
        }

        public boolean isSkip() {
            return row == null;
        }

        @Override
        public String toString() {
            return "record " + number + (row != null ? ": " + row : " skipped: " + skipReason);
        }
    }

    private final CsvReader csv;
    private String[] header;
    private int records;

    public CrosstalkCsvReader(Reader in) {
        this.csv = new CsvReader(in);
    }

    private void readHeader() throws IOException {
        List<String> fields = csv.next();
        if (fields == null) throw new CsvFormatException(1, "empty file: no Crosstalk CSV header");
        header = new String[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).trim();
            if (name.startsWith("\uFEFF")) name = name.substring(1);
            header[i] = name;
        }
        List<String> missing = new ArrayList<>();
        for (String required : CrosstalkCsv.REQUIRED) {
            boolean found = false;
            for (String h : header) found |= h.equals(required);
            if (!found) missing.add(required);
        }
        if (!missing.isEmpty()) {
            throw new CsvFormatException(csv.recordLine(),
                    "not a Crosstalk CSV v1 header (missing " + String.join(", ", missing) + ")");
        }
    }

    /** The next data record, or null at the end. Throws CsvFormatException for a bad header or bad quoting. */
    public Record next() throws IOException {
        if (header == null) readHeader();
        List<String> fields = csv.next();
        if (fields == null) return null;
        records++;
        Map<String, String> cells = new HashMap<>();
        for (int i = 0; i < header.length && i < fields.size(); i++) {
            if (CrosstalkCsv.COLUMNS.contains(header[i]) && !cells.containsKey(header[i])) cells.put(header[i], FormulaCells.restore(fields.get(i)));
        }
        try {
            return new Record(records, csv.recordLine(), CrosstalkRow.fromCells(cells), null);
        } catch (IllegalArgumentException e) {
            return new Record(records, csv.recordLine(), null, e.getMessage());
        }
    }

    /** Every record of the input (for write-back sets, which are small). */
    public List<Record> readAll() throws IOException {
        List<Record> all = new ArrayList<>();
        for (Record r = next(); r != null; r = next()) all.add(r);
        return all;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
