package app.crosstalk.exporter.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Spreadsheet formula neutralisation of Crosstalk CSV cells, the same rule as the PWA's csv-field.ts: a cell
 * starting with = + - @ (ASCII or full-width), possibly after whitespace, or with a tab, CR or LF, is written
 * with a leading {@code '}; a cell that already looks neutralised gets one more, so {@link #restore} removes
 * exactly one and every cell round-trips. Strict E.164 numbers are left as they are.
 */
public final class FormulaCells {
    /** JavaScript's {@code \s}, so both sides agree on every cell. */
    private static final String WS = "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";
    private static final String FORMULA = "(?:[\\t\\r\\n]|" + WS + "*[=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20])";
    private static final Pattern FORMULA_AFTER_QUOTES = Pattern.compile("^'*" + FORMULA);
    private static final Pattern NEUTRALISED = Pattern.compile("^'+" + FORMULA);
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");

    private FormulaCells() {}

    public static String neutralise(String cell) {
        if (cell == null || E164.matcher(cell).matches()) return cell;
        return FORMULA_AFTER_QUOTES.matcher(cell).lookingAt() ? "'" + cell : cell;
    }

    public static String restore(String cell) {
        return cell != null && NEUTRALISED.matcher(cell).lookingAt() ? cell.substring(1) : cell;
    }

    public static List<String> neutraliseAll(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (String c : cells) out.add(neutralise(c));
        return out;
    }
}
