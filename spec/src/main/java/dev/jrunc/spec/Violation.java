package dev.jrunc.spec;

/**
 * One problem in a document: a JSON pointer (RFC 6901, {@code ""} for the whole document) and a
 * human message such as {@code "must be an array of strings"}.
 */
public record Violation(String pointer, String message) {
    public Violation {
        if (pointer == null) pointer = "";
        if (message == null) message = "invalid";
    }

    /** {@code pointer + ": " + message}; the document root is shown as {@code /}. */
    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
}
