package dev.jrunc.spec.features;

/** An {@code {"enabled": bool}} feature (apparmor, selinux, intelRdt, mountExtensions.idmap). */
public record EnabledFeature(Boolean enabled) {
}
