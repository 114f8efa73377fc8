package dev.jrunc.spec.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Internal: typed reads over {@link JsonLexer} that report the JSON pointer of a bad value.
 * Conventions: a JSON null member counts as absent (as in Go's encoding/json); nulls inside arrays
 * are errors. All methods expect the parser to be positioned on the value to read.
 */
public final class JsonIn implements AutoCloseable {
    private final JsonLexer p;

    public JsonIn(byte[] json) {
        this.p = new JsonLexer(json);
    }

    /** The next token (null at the end); a syntax error becomes the ShapeException callers expect. */
    public JsonToken next() throws ShapeException {
        try {
            return p.next();
        } catch (JsonLexer.SyntaxException e) {
            throw syntax(e);
        }
    }

    public JsonToken token() {
        return p.token();
    }

    /** Starts the document: the root must be an object. */
    public void startDocument() throws ShapeException {
        JsonToken t = next();
        if (t == null) throw new ShapeException("", "invalid JSON: empty document", true);
        if (t != JsonToken.START_OBJECT) {
            // still make sure it is well-formed JSON before blaming the type
            skip();
            expectEnd();
            throw new ShapeException("", "must be an object", false);
        }
    }

    public void expectEnd() throws ShapeException {
        JsonToken t = next();
        if (t != null) throw new ShapeException("", "invalid JSON: unexpected content after the document", true);
    }

    /** On START_OBJECT (checked): returns the next field name, or null at END_OBJECT; leaves the parser on the value. */
    public String nextField() throws ShapeException {
        JsonToken t = next();
        if (t == JsonToken.END_OBJECT) return null;
        String name = p.currentName();
        next();
        return name;
    }

    public boolean isNull() {
        return p.token() == JsonToken.VALUE_NULL;
    }

    public void expectObject(String ptr) throws ShapeException {
        if (p.token() != JsonToken.START_OBJECT) {
            skip();
            throw new ShapeException(ptr, "must be an object", false);
        }
    }

    public void expectArray(String ptr, String what) throws ShapeException {
        if (p.token() != JsonToken.START_ARRAY) {
            skip();
            throw new ShapeException(ptr, "must be an array" + what, false);
        }
    }

    /** Skips the current value (and its children). */
    public void skip() throws ShapeException {
        try {
            p.skipChildren();
        } catch (JsonLexer.SyntaxException e) {
            throw syntax(e);
        }
    }

    public String string(String ptr) throws ShapeException {
        if (p.token() != JsonToken.VALUE_STRING) {
            skip();
            throw new ShapeException(ptr, "must be a string", false);
        }
        return p.text();
    }

    public String enumString(String ptr, Set<String> allowed, List<String> display) throws ShapeException {
        String s = string(ptr);
        if (!allowed.contains(s)) throw new ShapeException(ptr, mustBeOneOf(display), false);
        return s;
    }

    public static String mustBeOneOf(List<String> values) {
        return "must be one of [" + String.join(", ", values) + "]";
    }

    public boolean bool(String ptr) throws ShapeException {
        JsonToken t = p.token();
        if (t == JsonToken.VALUE_TRUE) return true;
        if (t == JsonToken.VALUE_FALSE) return false;
        skip();
        throw new ShapeException(ptr, "must be a boolean", false);
    }

    private BigInteger bigInteger(String ptr) throws ShapeException {
        if (p.token() != JsonToken.VALUE_NUMBER_INT) {
            skip();
            throw new ShapeException(ptr, "must be an integer", false);
        }
        return p.bigIntegerValue();
    }

    private long longValue(String ptr) throws ShapeException {
        if (p.token() != JsonToken.VALUE_NUMBER_INT) {
            skip();
            throw new ShapeException(ptr, "must be an integer", false);
        }
        if (!p.fitsLong()) return Long.MAX_VALUE; // caller range-checks
        return p.longValue();
    }

    /** A signed 32-bit integer. */
    public int int32(String ptr) throws ShapeException {
        long v = longValue(ptr);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)
            throw new ShapeException(ptr, "must be a 32-bit integer", false);
        return (int) v;
    }

    /** An integer in [0, 2^32-1]. */
    public long uint32(String ptr) throws ShapeException {
        long v = longValue(ptr);
        if (v < 0 || v > 0xFFFF_FFFFL) throw new ShapeException(ptr, "must be an unsigned 32-bit integer", false);
        return v;
    }

    /** An integer in [0, 65535]. */
    public int uint16(String ptr) throws ShapeException {
        long v = longValue(ptr);
        if (v < 0 || v > 0xFFFF) throw new ShapeException(ptr, "must be an unsigned 16-bit integer", false);
        return (int) v;
    }

    /**
     * A 64-bit integer, signed or unsigned: any value in [-2^63, 2^64-1]. Values above
     * Long.MAX_VALUE are returned as their unsigned bit pattern (as runc's uint64 fields).
     */
    public long int64(String ptr) throws ShapeException {
        if (p.token() == JsonToken.VALUE_NUMBER_INT && p.fitsLong()) return p.longValue();
        BigInteger b = bigInteger(ptr);
        // BigInteger only for values past a long: beyond [-2^63, 2^64-1] is out of range
        if (b.signum() < 0 || b.bitLength() > 64)
            throw new ShapeException(ptr, "must be a 64-bit integer", false);
        return b.longValue();
    }

    public List<String> stringList(String ptr) throws ShapeException {
        expectArray(ptr, " of strings");
        ArrayList<String> out = new ArrayList<>();
        int i = 0;
        while (next() != JsonToken.END_ARRAY) {
            if (p.token() != JsonToken.VALUE_STRING) {
                skip();
                throw new ShapeException(ptr + "/" + i, "must be a string", false);
            }
            out.add(string(ptr));
            i++;
        }
        return Collections.unmodifiableList(out);
    }

    public List<String> enumList(String ptr, Set<String> allowed, List<String> display) throws ShapeException {
        expectArray(ptr, " of strings");
        ArrayList<String> out = new ArrayList<>();
        int i = 0;
        while (next() != JsonToken.END_ARRAY) {
            out.add(enumString(ptr + "/" + i, allowed, display));
            i++;
        }
        return Collections.unmodifiableList(out);
    }

    public List<Long> uint32List(String ptr) throws ShapeException {
        expectArray(ptr, " of integers");
        ArrayList<Long> out = new ArrayList<>();
        int i = 0;
        while (next() != JsonToken.END_ARRAY) {
            out.add(uint32(ptr + "/" + i));
            i++;
        }
        return Collections.unmodifiableList(out);
    }

    public Map<String, String> stringMap(String ptr) throws ShapeException {
        expectObject(ptr);
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        String f;
        while ((f = nextField()) != null) {
            // a null member is absent (Go semantics)
            if (isNull()) continue;
            out.put(f, string(ptr + "/" + escape(f)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** RFC 6901 escaping of one reference token. */
    public static String escape(String s) {
        if (s.indexOf('~') < 0 && s.indexOf('/') < 0) return s;
        return s.replace("~", "~0").replace("/", "~1");
    }

    public static ShapeException required(String ptr, String field) {
        return new ShapeException(ptr + "/" + escape(field), "is required", false);
    }

    private static ShapeException syntax(JsonLexer.SyntaxException e) {
        return new ShapeException("", "invalid JSON: " + e.getMessage() + " (line " + e.line() + ", column "
                + e.column() + ")", true);
    }

    @Override
    public void close() {
        // nothing to release: the lexer reads a byte array
    }
}
