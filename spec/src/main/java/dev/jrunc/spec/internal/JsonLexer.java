package dev.jrunc.spec.internal;

import java.math.BigInteger;

/**
 * Internal: a strict RFC 8259 pull lexer over UTF-8 bytes, for config.json, state.json and
 * process.json.
 *
 * <p>It replaced Jackson's streaming parser on the command path: Jackson's static set-up
 * (recycler pools, constraints, BigInteger/BigDecimal, a generated lambda) cost every
 * {@code state}, {@code kill} and {@code start} about 15 ms, which is more than this whole
 * class takes to load and run. Invalid UTF-8 inside strings becomes U+FFFD, as in Go's
 * encoding/json (what runc reads configs with).
 */
public final class JsonLexer {
    /** A syntax error; {@link #getMessage()} has no position, {@link #line()}/{@link #column()} do. */
    public static final class SyntaxException extends Exception {
        private final int line, column;

        SyntaxException(String message, int line, int column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    public static final int MAX_DEPTH = 200;

    // per-depth container kind, and where the lexer stands inside it
    private static final byte ROOT = 0, OBJECT = 1, ARRAY = 2;
    private static final byte FIRST = 0, AFTER_VALUE = 1, AFTER_NAME = 2;

    private final byte[] b;
    private int pos, line = 1, lineStart;
    private final byte[] kind = new byte[MAX_DEPTH + 1];
    private final byte[] phase = new byte[MAX_DEPTH + 1];
    private int depth;
    private JsonToken token;
    private String name, text;
    private long longValue;
    private boolean bigNumber;

    public JsonLexer(byte[] json) {
        this.b = json;
        // a UTF-8 byte order mark is tolerated, as Jackson did
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) pos = 3;
    }

    public JsonToken token() {
        return token;
    }

    /** The last field name read: valid on FIELD_NAME and on the value that follows it. */
    public String currentName() {
        return name;
    }

    /** The text of a VALUE_STRING or FIELD_NAME, or the literal of a number. */
    public String text() {
        return token == JsonToken.FIELD_NAME ? name : text;
    }

    /** On VALUE_NUMBER_INT: whether the value fits a signed 64-bit long. */
    public boolean fitsLong() {
        return !bigNumber;
    }

    public long longValue() {
        return longValue;
    }

    public BigInteger bigIntegerValue() {
        return bigNumber ? new BigInteger(text) : BigInteger.valueOf(longValue);
    }

    /** The next token, or null at the end of the document. */
    public JsonToken next() throws SyntaxException {
        return token = advance();
    }

    /** On START_OBJECT or START_ARRAY: moves to the matching end token; otherwise does nothing. */
    public void skipChildren() throws SyntaxException {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) return;
        int target = depth - 1;
        while (depth > target) {
            if (next() == null) throw error("unexpected end of input");
        }
    }

    private JsonToken advance() throws SyntaxException {
        int c = skipSpace();
        byte k = kind[depth];
        byte ph = phase[depth];
        if (k == ROOT) {
            if (ph == AFTER_VALUE) {
                if (c < 0) return null;
                throw error("unexpected content after the document");
            }
            if (c < 0) return null;
            return value(c);
        }
        if (c < 0) throw error("unexpected end of input");
        if (k == OBJECT) {
            if (ph == AFTER_NAME) {
                return value(c);
            }
            if (c == '}' && ph == FIRST) {
                pos++;
                return close();
            }
            if (ph == AFTER_VALUE) {
                if (c == '}') {
                    pos++;
                    return close();
                }
                if (c != ',') throw unexpected(c, "a comma or the end of the object");
                pos++;
                c = skipSpace();
                if (c < 0) throw error("unexpected end of input");
            }
            if (c != '"') throw unexpected(c, "a double-quoted field name");
            pos++;
            name = string();
            c = skipSpace();
            if (c != ':') throw c < 0 ? error("unexpected end of input") : unexpected(c, "a colon");
            pos++;
            phase[depth] = AFTER_NAME;
            return JsonToken.FIELD_NAME;
        }
        // ARRAY
        if (c == ']' && ph == FIRST) {
            pos++;
            return close();
        }
        if (ph == AFTER_VALUE) {
            if (c == ']') {
                pos++;
                return close();
            }
            if (c != ',') throw unexpected(c, "a comma or the end of the array");
            pos++;
            c = skipSpace();
            if (c < 0) throw error("unexpected end of input");
        }
        return value(c);
    }

    private JsonToken close() {
        JsonToken t = kind[depth] == OBJECT ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
        depth--;
        phase[depth] = AFTER_VALUE;
        return t;
    }

    private JsonToken open(byte k, JsonToken t) throws SyntaxException {
        if (depth == MAX_DEPTH) throw error("nesting depth exceeds " + MAX_DEPTH);
        pos++;
        phase[depth] = AFTER_VALUE; // for when this container closes
        depth++;
        kind[depth] = k;
        phase[depth] = FIRST;
        return t;
    }

    /** A value starting at c (the byte at pos). */
    private JsonToken value(int c) throws SyntaxException {
        switch (c) {
            case '{':
                return open(OBJECT, JsonToken.START_OBJECT);
            case '[':
                return open(ARRAY, JsonToken.START_ARRAY);
            default:
                break;
        }
        JsonToken t;
        if (c == '"') {
            pos++;
            text = string();
            t = JsonToken.VALUE_STRING;
        } else if (c == 't') {
            literal("true");
            t = JsonToken.VALUE_TRUE;
        } else if (c == 'f') {
            literal("false");
            t = JsonToken.VALUE_FALSE;
        } else if (c == 'n') {
            literal("null");
            t = JsonToken.VALUE_NULL;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            t = number();
        } else {
            throw unexpected(c, "a value");
        }
        phase[depth] = AFTER_VALUE;
        return t;
    }

    private void literal(String word) throws SyntaxException {
        int n = word.length();
        for (int i = 0; i < n; i++) {
            if (pos + i >= b.length || b[pos + i] != word.charAt(i)) {
                pos += i;
                throw error("invalid literal, expected '" + word + "'");
            }
        }
        pos += n;
        if (pos < b.length && isWordByte(b[pos])) throw error("invalid literal, expected '" + word + "'");
    }

    private static boolean isWordByte(byte x) {
        return (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') || (x >= '0' && x <= '9') || x == '_';
    }

    private JsonToken number() throws SyntaxException {
        int start = pos;
        boolean negative = b[pos] == '-';
        if (negative) pos++;
        if (pos >= b.length || b[pos] < '0' || b[pos] > '9') throw error("a minus sign must be followed by a digit");
        if (b[pos] == '0') {
            pos++;
            if (pos < b.length && b[pos] >= '0' && b[pos] <= '9') throw error("leading zeros are not allowed");
        } else {
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') pos++;
        }
        int intEnd = pos;
        boolean integral = true;
        if (pos < b.length && b[pos] == '.') {
            integral = false;
            pos++;
            if (pos >= b.length || b[pos] < '0' || b[pos] > '9') throw error("a decimal point must be followed by a digit");
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') pos++;
        }
        if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
            integral = false;
            pos++;
            if (pos < b.length && (b[pos] == '+' || b[pos] == '-')) pos++;
            if (pos >= b.length || b[pos] < '0' || b[pos] > '9') throw error("an exponent must have digits");
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') pos++;
        }
        if (pos < b.length && isWordByte(b[pos])) throw error("invalid character in a number");
        text = new String(b, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!integral) return JsonToken.VALUE_NUMBER_FLOAT;
        // accumulate negatively so that Long.MIN_VALUE fits
        long v = 0;
        bigNumber = false;
        for (int i = negative ? start + 1 : start; i < intEnd; i++) {
            int d = b[i] - '0';
            if (v < (Long.MIN_VALUE + d) / 10) {
                bigNumber = true;
                break;
            }
            v = v * 10 - d;
        }
        if (!bigNumber) {
            if (!negative) {
                if (v == Long.MIN_VALUE) bigNumber = true;
                else v = -v;
            }
            longValue = v;
        }
        return JsonToken.VALUE_NUMBER_INT;
    }

    /** The rest of a string whose opening quote was consumed. */
    private String string() throws SyntaxException {
        int start = pos;
        // fast path: printable ASCII without escapes
        while (pos < b.length) {
            int c = b[pos];
            if (c == '"') {
                String s = new String(b, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
                pos++;
                return s;
            }
            if (c == '\\' || c < 0x20) break; // also catches bytes >= 0x80 (negative)
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16);
        for (int i = start; i < pos; i++) sb.append((char) b[i]);
        while (true) {
            if (pos >= b.length) throw error("unexpected end of input in a string");
            int c = b[pos] & 0xFF;
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c == '\\') {
                pos++;
                escape(sb);
            } else if (c < 0x20) {
                throw error("control character in a string (escape it)");
            } else if (c < 0x80) {
                sb.append((char) c);
                pos++;
            } else {
                utf8(sb, c);
            }
        }
    }

    private void escape(StringBuilder sb) throws SyntaxException {
        if (pos >= b.length) throw error("unexpected end of input in a string");
        int e = b[pos++];
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    if (pos >= b.length) throw error("unexpected end of input in a string");
                    int h = Character.digit(b[pos++], 16);
                    if (h < 0) throw error("invalid \\u escape");
                    v = v << 4 | h;
                }
                sb.append((char) v);
            }
            default -> {
                pos--;
                throw error("invalid escape character");
            }
        }
    }

    /** Decodes one UTF-8 sequence starting with lead byte c; an invalid one becomes U+FFFD. */
    private void utf8(StringBuilder sb, int c) {
        int need, min, cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            sb.append('\uFFFD');
            pos++;
            return;
        }
        int i = pos + 1;
        for (int k = 0; k < need; k++, i++) {
            if (i >= b.length || (b[i] & 0xC0) != 0x80) {
                sb.append('\uFFFD');
                pos = i;
                return;
            }
            cp = cp << 6 | (b[i] & 0x3F);
        }
        pos = i;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) sb.append('\uFFFD');
        else sb.appendCodePoint(cp);
    }

    /** Skips whitespace; returns the next byte (unsigned) without consuming it, or -1 at the end. */
    private int skipSpace() {
        while (pos < b.length) {
            int c = b[pos];
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else {
                return c & 0xFF;
            }
        }
        return -1;
    }

    private SyntaxException unexpected(int c, String wanted) {
        String what = c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
        return error("unexpected character " + what + ", expected " + wanted);
    }

    private SyntaxException error(String message) {
        return new SyntaxException(message, line, pos - lineStart + 1);
    }
}
