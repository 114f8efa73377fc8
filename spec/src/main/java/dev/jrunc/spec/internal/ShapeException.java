package dev.jrunc.spec.internal;

/** Internal: the fast parser met a value of the wrong type or shape (or bad JSON). Not part of the API. */
public final class ShapeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String pointer;
    private final String detail;
    private final boolean syntax;

    public ShapeException(String pointer, String detail, boolean syntax) {
        super(null, null, false, false);
        this.pointer = pointer;
        this.detail = detail;
        this.syntax = syntax;
    }

    public String pointer() { return pointer; }
    public String detail() { return detail; }
    /** true when the input is not well-formed JSON (the schema cannot say anything about it). */
    public boolean syntax() { return syntax; }

    @Override
    public String getMessage() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + detail;
    }
}
