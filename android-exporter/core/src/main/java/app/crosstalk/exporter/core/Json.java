package app.crosstalk.exporter.core;

import java.util.List;

/** The few JSON strings the exporter writes, escaped exactly as JavaScript's JSON.stringify escapes them. */
final class Json {
    private Json() {}

    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                            && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || loneSurrogate) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** {@code [{"name":…,"type":…},…]} for [name, type] pairs; empty string for none (the CSV's empty field). */
    static String attachments(List<String[]> nameTypePairs) {
        if (nameTypePairs.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < nameTypePairs.size(); i++) {
            String[] p = nameTypePairs.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"name\":").append(string(p[0] == null ? "" : p[0]))
                    .append(",\"type\":").append(string(p[1] == null ? "" : p[1])).append('}');
        }
        return sb.append(']').toString();
    }
}
