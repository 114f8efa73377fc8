package dev.jrunc.spec;

import dev.jrunc.spec.internal.JsonOut;

/** JSON string literals for the few documents the runtime assembles by hand (events, seccomp agent). */
public final class JsonText {
    private JsonText() {}

    /** {@code s} as a JSON string literal, quotes included, escaped as Go's encoding/json does. */
    public static String quoted(String s) {
        return JsonOut.quoted(s);
    }

    /** Appends {@link #quoted(String) quoted(s)} to {@code sb}. */
    public static StringBuilder appendQuoted(StringBuilder sb, String s) {
        return JsonOut.appendQuoted(sb, s);
    }
}
