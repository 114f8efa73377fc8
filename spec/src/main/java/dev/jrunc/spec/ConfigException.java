package dev.jrunc.spec;

import java.util.List;

/** A rejected document. {@link #getMessage()} is the first violation, e.g. {@code /process/args: must be an array of strings}. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Violation> violations;

    public ConfigException(List<Violation> violations) {
        super(violations.isEmpty() ? "invalid configuration" : violations.get(0).toString());
        this.violations = List.copyOf(violations);
    }

    public ConfigException(Violation v) {
        this(List.of(v));
    }

    public ConfigException(String pointer, String message) {
        this(new Violation(pointer, message));
    }

    /** JSON pointer of the first violation ({@code ""} for the document root). */
    public String pointer() {
        return violations.isEmpty() ? "" : violations.get(0).pointer();
    }

    /** All violations known when the exception was thrown, first one first; never empty. */
    public List<Violation> violations() {
        return violations;
    }
}
