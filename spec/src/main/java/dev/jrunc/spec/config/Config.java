package dev.jrunc.spec.config;

/** Top-level OCI runtime configuration (config.json). Lists/maps are never null (empty when absent). */
public record Config(String ociVersion, Process process, Root root, String hostname, String domainname, java.util.List<Mount> mounts, Hooks hooks, java.util.Map<String, String> annotations, Linux linux) {
}
