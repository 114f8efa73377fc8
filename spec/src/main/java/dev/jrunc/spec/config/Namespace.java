package dev.jrunc.spec.config;

/** linux.namespaces[]; type uses the spec names (pid, network, mount, ipc, uts, user, cgroup, time). */
public record Namespace(String type, String path) {
}
