package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The same cases as the PWA's tests/unit/csv-field.test.ts: both sides must agree cell for cell. */
public class FormulaCellsTest {
    private static final String[][] CASES = {
        {"=1+1", "'=1+1"},
        {"+86 138", "'+86 138"},
        {"-5", "'-5"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\tx", "'\tx"},
        {"\rx", "'\rx"},
        {"\nx", "'\nx"},
        {" =cmd|x", "' =cmd|x"},
        {"\u3000=1", "'\u3000=1"},
        {"\n\n@x", "'\n\n@x"},
        {"\uFF1D1+1", "'\uFF1D1+1"},
        {"\uFF0B1", "'\uFF0B1"},
        {"\uFF0D1", "'\uFF0D1"},
        {"\uFF20x", "'\uFF20x"},
        {"'=1", "''=1"},
        {"''+x", "'''+x"},
        {"'plain", "'plain"},
        {"+8613800138000", "+8613800138000"},
        {"+86 138 0013 8000", "'+86 138 0013 8000"},
        {"+0123", "'+0123"},
        {"plain", "plain"},
        {"\u4E2D\u6587 = ok", "\u4E2D\u6587 = ok"},
        {"", ""},
    };

    @Test
    public void neutralisesExactlyTheFormulaCellsAndRestoresThem() {
        for (String[] c : CASES) {
            assertEquals(c[0], c[1], FormulaCells.neutralise(c[0]));
            assertEquals(c[1], c[0], FormulaCells.restore(c[1]));
        }
    }
}
