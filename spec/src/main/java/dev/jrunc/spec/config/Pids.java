package dev.jrunc.spec.config;

/** linux.resources.pids. */
public record Pids(Long limit) {
}
