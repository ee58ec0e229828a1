package app.crosstalk.exporter.core;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming RFC 4180 reader: one record at a time, any size of file. Accepts CRLF, LF and lone CR record
 * ends, drops a leading byte-order mark and skips empty lines. Quoted fields keep everything they hold
 * (CR, LF, commas, doubled quotes as one quote), so bodies come back byte for byte.
 * <p>
 * Invalid quoting (a quote inside an unquoted field, text after a closing quote, a quote that never
 * closes) is an error naming the line, not a guess: a misread body must not reach the phone.
 */
public final class CsvReader implements Closeable {
    private final Reader in;
    private int peeked = -2; // -2: nothing peeked
    private int line = 1;
    private int recordLine = 1;
    private boolean started;

    public CsvReader(Reader in) {
        this.in = in;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) peeked = in.read();
        return peeked;
    }

    /** 1-based line on which the record last returned by {@link #next()} starts. */
    public int recordLine() {
        return recordLine;
    }

    /** The next non-empty record, or null at the end of the input. */
    public List<String> next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') read();
        }
        while (true) {
            recordLine = line;
            List<String> fields = readRecord();
            if (fields == null) return null;
            boolean empty = fields.size() == 1 && fields.get(0).isEmpty();
            if (!empty) return fields;
        }
    }

    /** Consumes a line end whose first char (CR or LF) was just read. */
    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') read();
        line++;
    }

    private List<String> readRecord() throws IOException {
        int c = read();
        if (c == -1) return null;
        List<String> fields = new ArrayList<>(16);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (c == '"') {
                int quoteLine = line;
                while (true) {
                    int d = read();
                    if (d == -1) throw new CsvFormatException(quoteLine, "quoted field is never closed");
                    if (d == '"') {
                        if (peek() == '"') {
                            read();
                            sb.append('"');
                        } else {
                            break;
                        }
                    } else {
                        if (d == '\n' || (d == '\r' && peek() != '\n')) line++;
                        sb.append((char) d);
                    }
                }
                c = read();
                if (c != ',' && c != '\r' && c != '\n' && c != -1) {
                    throw new CsvFormatException(line, "unexpected text after a closing quote");
                }
            } else {
                while (c != ',' && c != '\r' && c != '\n' && c != -1) {
                    if (c == '"') throw new CsvFormatException(line, "quote inside an unquoted field");
                    sb.append((char) c);
                    c = read();
                }
            }
            fields.add(sb.toString());
            sb.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r' || c == '\n') endOfLine(c);
            return fields;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
