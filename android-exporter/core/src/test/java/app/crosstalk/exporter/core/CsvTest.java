package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class CsvTest {
    /** Hands out one char per read call: every record and quote straddles a buffer edge. */
    static final class Trickle extends Reader {
        private final String s;
        private int i;

        Trickle(String s) {
            this.s = s;
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (i >= s.length()) return -1;
            buf[off] = s.charAt(i++);
            return 1;
        }

        @Override
        public void close() {}
    }

    static List<List<String>> readAll(Reader in) throws IOException {
        CsvReader r = new CsvReader(in);
        List<List<String>> out = new ArrayList<>();
        for (List<String> rec = r.next(); rec != null; rec = r.next()) out.add(rec);
        return out;
    }

    @Test
    public void quotesExactlyTheFieldsWithCommaQuoteCrOrLf() {
        assertEquals("plain text", CsvWriter.field("plain text"));
        assertEquals(" leading space", CsvWriter.field(" leading space"));
        assertEquals("\"a,b\"", CsvWriter.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.field("say \"hi\""));
        assertEquals("\"line1\nline2\"", CsvWriter.field("line1\nline2"));
        assertEquals("\"cr\rlf\"", CsvWriter.field("cr\rlf"));
        assertEquals("=SUM(A1)", CsvWriter.field("=SUM(A1)"));
        assertEquals("你好 😀", CsvWriter.field("你好 😀"));
        assertEquals("it's;fine\ttab", CsvWriter.field("it's;fine\ttab"));
        assertEquals("", CsvWriter.field(""));
        assertEquals("", CsvWriter.field(null));
    }

    @Test
    public void writesCrlfAfterEveryRecord() throws IOException {
        StringWriter sw = new StringWriter();
        CsvWriter w = new CsvWriter(sw);
        w.writeRecord(Arrays.asList("a", "b,c", ""));
        w.writeRecord(Arrays.asList("", "x\r\ny"));
        w.flush();
        assertEquals("a,\"b,c\",\r\n,\"x\r\ny\"\r\n", sw.toString());
        assertEquals(2, w.records());
    }

    @Test
    public void readsQuotedFieldsWithEverythingInside() throws IOException {
        String text = "h1,h2,h3\r\n\"a,b\",\"say \"\"hi\"\"\",\"x\r\ny\nz\rw\"\r\nplain,,\"\"\r\n";
        List<List<String>> rows = readAll(new StringReader(text));
        assertEquals(Arrays.asList("h1", "h2", "h3"), rows.get(0));
        assertEquals(Arrays.asList("a,b", "say \"hi\"", "x\r\ny\nz\rw"), rows.get(1));
        assertEquals(Arrays.asList("plain", "", ""), rows.get(2));
        assertEquals(3, rows.size());
        assertEquals(rows, readAll(new Trickle(text)));
    }

    @Test
    public void acceptsLfCrAndNoFinalLineEndAndDropsBomAndEmptyLines() throws IOException {
        List<List<String>> expected = Arrays.asList(Arrays.asList("a", "b"), Arrays.asList("c", "d"), Arrays.asList("e", ""));
        assertEquals(expected, readAll(new StringReader("\uFEFFa,b\nc,d\n\ne,")));
        assertEquals(expected, readAll(new StringReader("a,b\r\n\r\nc,d\re,\r\n\r\n")));
        assertEquals(expected, readAll(new Trickle("\uFEFFa,b\r\nc,d\r\ne,\r\n")));
        assertTrue(readAll(new StringReader("")).isEmpty());
    }

    @Test
    public void reportsLinesOfRecords() throws IOException {
        CsvReader r = new CsvReader(new StringReader("a\r\n\"b\r\nb\nb\"\r\n\r\nc\n"));
        r.next();
        assertEquals(1, r.recordLine());
        r.next();
        assertEquals(2, r.recordLine());
        assertEquals(Arrays.asList("c"), r.next());
        assertEquals(6, r.recordLine());
        assertNull(r.next());
    }

    @Test
    public void rejectsBrokenQuotingWithTheLine() throws IOException {
        expectError("a,b\r\nc,\"never closed\r\nmore\r\n", "line 2: quoted field is never closed");
        expectError("a,b\r\nc,\"closed\"then text\r\n", "line 2: unexpected text after a closing quote");
        expectError("a,b\r\n\r\nc,d\"e\r\n", "line 3: quote inside an unquoted field");
    }

    private static void expectError(String text, String message) throws IOException {
        try {
            readAll(new StringReader(text));
            fail("no error for " + text);
        } catch (CsvFormatException e) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    public void writerAndReaderRoundTripArbitraryFields() throws IOException {
        List<List<String>> rows = Arrays.asList(
                Arrays.asList("", ",", "\"", "\r", "\n", "\r\n", "\"\"", " , "),
                Arrays.asList("😀👍🏽", "中文，标点。", "a\"b\"c", "end,", ",start", "tab\t", "\u0000nul", ""));
        StringWriter sw = new StringWriter();
        CsvWriter w = new CsvWriter(sw);
        for (List<String> r : rows) w.writeRecord(r);
        assertEquals(rows, readAll(new StringReader(sw.toString())));
        assertEquals(rows, readAll(new Trickle(sw.toString())));
    }
}
