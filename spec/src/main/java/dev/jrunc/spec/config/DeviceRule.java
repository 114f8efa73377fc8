package dev.jrunc.spec.config;

/** linux.resources.devices[]: device cgroup rule. */
public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
}
