package dev.jrunc.spec.config;

/** root; path may be relative to the bundle. */
public record Root(String path, boolean readonly) {
}
