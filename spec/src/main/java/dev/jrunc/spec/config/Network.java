package dev.jrunc.spec.config;

/** linux.resources.network. */
public record Network(Long classID, java.util.List<InterfacePriority> priorities) {
}
