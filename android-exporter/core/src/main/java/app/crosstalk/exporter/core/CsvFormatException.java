package app.crosstalk.exporter.core;

import java.io.IOException;

/** A file that is not valid RFC 4180 CSV or not a Crosstalk CSV v1 file. The message names the line. */
public final class CsvFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public CsvFormatException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** 1-based line of the file where the problem is. */
    public int line() {
        return line;
    }
}
