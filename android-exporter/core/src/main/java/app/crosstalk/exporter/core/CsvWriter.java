package app.crosstalk.exporter.core;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Streaming RFC 4180 writer with the interchange rule: a field is quoted if and only if it holds a comma, a
 * double quote, CR or LF; quotes inside are doubled; every record ends with CRLF, the last one too. Nothing
 * else is changed here: no trimming, no escaping; {@link #writeRow} adds the formula neutralisation of
 * {@link FormulaCells}. The PWA's csv-field.ts applies the same rules, so both sides produce identical bytes
 * for identical rows.
 */
public final class CsvWriter implements Closeable, Flushable {
    private final Writer out;
    private long records;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    /** The field as it is written. */
    public static String field(String value) {
        if (value == null || value.isEmpty()) return "";
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) return value;
        StringBuilder sb = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') sb.append('"');
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** One record as it is written, CRLF included. */
    public static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(field(fields.get(i)));
        }
        return sb.append("\r\n").toString();
    }

    public void writeRecord(List<String> fields) throws IOException {
        out.write(line(fields));
        records++;
    }

    /** The Crosstalk CSV v1 header line. */
    public void writeHeader() throws IOException {
        writeRecord(CrosstalkCsv.COLUMNS);
    }

    /** A Crosstalk CSV row, formula-neutralised ({@link FormulaCells}). */
    public void writeRow(CrosstalkRow row) throws IOException {
        writeRecord(FormulaCells.neutraliseAll(row.fields()));
    }

    /** Records written so far, header included. */
    public long records() {
        return records;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
