package dev.jrunc.spec.config;

/** linux.resources.network.priorities[]. */
public record InterfacePriority(String name, long priority) {
}
