package app.crosstalk.exporter.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flat key/value state as one line of text, for Bundles and SharedPreferences: {@code name1;k=v;k=v}. Keys
 * and values are percent-escaped, so any text (a content URI, a file name) survives. Decoding anything that
 * is not exactly this shape yields null, and callers start over from a safe state.
 */
final class StateCodec {
    private StateCodec() {}

    static String encode(String kind, Map<String, String> fields) {
        StringBuilder sb = new StringBuilder(kind);
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getValue() == null) continue;
            sb.append(';').append(escape(e.getKey())).append('=').append(escape(e.getValue()));
        }
        return sb.toString();
    }

    /** The fields, or null when {@code text} is not a state of this kind. */
    static Map<String, String> decode(String kind, String text) {
        if (text == null) return null;
        String[] parts = text.split(";", -1);
        if (!parts[0].equals(kind)) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) return null;
            String key = unescape(parts[i].substring(0, eq));
            String value = unescape(parts[i].substring(eq + 1));
            if (key == null || value == null) return null;
            out.put(key, value);
        }
        return out;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == ';' || c == '=' || c == '\n' || c == '\r') sb.append('%').append(String.format("%02X", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 2 >= s.length()) return null;
            try {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
            } catch (NumberFormatException e) {
                return null;
            }
            i += 2;
        }
        return sb.toString();
    }

    static long longField(Map<String, String> f, String key, long fallback) {
        String v = f.get(key);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
