package dev.jrunc.spec.config;

/** linux.memoryPolicy (set_mempolicy). */
public record MemoryPolicy(String mode, String nodes, java.util.List<String> flags) {
}
