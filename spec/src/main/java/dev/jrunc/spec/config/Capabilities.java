package dev.jrunc.spec.config;

/** process.capabilities; each set is empty when absent. */
public record Capabilities(java.util.List<String> bounding, java.util.List<String> effective, java.util.List<String> inheritable, java.util.List<String> permitted, java.util.List<String> ambient) {
}
