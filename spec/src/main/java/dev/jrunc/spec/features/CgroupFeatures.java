package dev.jrunc.spec.features;

/** features.linux.cgroup. */
public record CgroupFeatures(Boolean v1, Boolean v2, Boolean systemd, Boolean systemdUser, Boolean rdma) {
}
