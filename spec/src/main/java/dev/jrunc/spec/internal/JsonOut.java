package dev.jrunc.spec.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Internal: a tiny writer for Go-style indented JSON ({@code json.MarshalIndent(v, "", "  ")}):
 * two-space indent, {@code "key": value}, {@code []}/{@code {}} when empty, HTML-safe escapes and
 * map keys sorted as Go does.
 */
public final class JsonOut {
    private final StringBuilder sb = new StringBuilder(512);
    private int depth;
    private boolean first = true;
    private boolean afterName;
    private final boolean indent;

    /** Indented like Go's MarshalIndent. */
    public JsonOut() {
        this(true);
    }

    /** {@code indent == false}: compact, like Go's json.Marshal. */
    public JsonOut(boolean indent) {
        this.indent = indent;
    }

    /** Starts an object: the document, the value after {@link #name}, or an array element. */
    public JsonOut beginObject() {
        sep();
        sb.append('{');
        depth++;
        first = true;
        return this;
    }

    public JsonOut endObject() {
        close('}');
        return this;
    }

    private void close(char c) {
        depth--;
        if (!first) newline();
        sb.append(c);
        first = false;
    }

    private void newline() {
        if (!indent) return;
        sb.append('\n');
        for (int i = 0; i < depth; i++) sb.append("  ");
    }

    /** Separator before a value or a name. */
    private void sep() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth == 0) return;
        if (!first) sb.append(',');
        newline();
        first = false;
    }

    public JsonOut name(String n) {
        sep();
        quote(n);
        sb.append(indent ? ": " : ":");
        afterName = true;
        return this;
    }

    public JsonOut string(String s) {
        sep();
        quote(s);
        return this;
    }

    public JsonOut number(long v) {
        sep();
        sb.append(v);
        return this;
    }

    public JsonOut bool(boolean v) {
        sep();
        sb.append(v);
        return this;
    }

    public JsonOut field(String n, String v) {
        if (v != null) name(n).string(v);
        return this;
    }

    public JsonOut field(String n, Boolean v) {
        if (v != null) name(n).bool(v);
        return this;
    }

    public JsonOut beginArray() {
        sep();
        sb.append('[');
        depth++;
        first = true;
        return this;
    }

    public JsonOut endArray() {
        close(']');
        return this;
    }

    public JsonOut stringArray(String n, List<String> values) {
        if (values == null) return this;
        name(n).beginArray();
        for (String s : values) string(s);
        return endArray();
    }

    public JsonOut stringMap(String n, Map<String, String> m) {
        if (m == null) return this;
        name(n).beginObject();
        for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) name(e.getKey()).string(e.getValue());
        return endObject();
    }

    private void quote(String s) {
        appendQuoted(sb, s);
    }

    /** {@code s} as a JSON string literal, quotes included (for JSON assembled by hand). */
    public static String quoted(String s) {
        return appendQuoted(new StringBuilder(s.length() + 2), s).toString();
    }

    /** Appends {@code s} as a JSON string literal, escaped as Go's encoding/json does. */
    public static StringBuilder appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '<': case '>': case '&': case '\u2028': case '\u2029':
                    hex(sb, c);
                    break;
                default:
                    if (c < 0x20) hex(sb, c);
                    else sb.append(c);
            }
        }
        return sb.append('"');
    }

    private static void hex(StringBuilder sb, char c) {
        sb.append("\\u");
        String h = Integer.toHexString(c);
        for (int i = h.length(); i < 4; i++) sb.append('0');
        sb.append(h);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
