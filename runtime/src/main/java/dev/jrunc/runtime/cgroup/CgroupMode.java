package dev.jrunc.runtime.cgroup;

/** How the host mounts its cgroups. */
public enum CgroupMode {
    /** Only v1 hierarchies. */
    V1,
    /** v1 hierarchies hold the controllers; a cgroup2 mount (usually {@code unified}) has none. */
    HYBRID,
    /** The cgroup2 unified hierarchy mounted at the root. */
    V2
}
