package dev.jrunc.spec.config;

/** process.ioPriority; ioClass is the JSON field {@code class}. */
public record IoPriority(String ioClass, int priority) {
}
