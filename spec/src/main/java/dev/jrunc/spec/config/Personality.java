package dev.jrunc.spec.config;

/** linux.personality. */
public record Personality(String domain, java.util.List<String> flags) {
}
