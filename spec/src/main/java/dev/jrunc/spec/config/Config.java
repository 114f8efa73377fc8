package dev.jrunc.spec.config;

/** Top-level OCI runtime configuration (config.json). Lists/maps are never null (empty when absent). */
public record Config(String ociVersion, Process process, Root root, String hostname, String domainname, java.util.List<Mount> mounts, Hooks hooks, java.util.Map<String, String> annotations, Linux linux) {
    /** This config with another process (the runtime's adjustments: env, console size, exec). */
    public Config withProcess(Process p) {
        return new Config(ociVersion, p, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    /** This config with other mounts. */
    public Config withMounts(java.util.List<Mount> m) {
        return new Config(ociVersion, process, root, hostname, domainname, m, hooks, annotations, linux);
    }
}
