package dev.jrunc.spec.features;

/** features.linux.mountExtensions. */
public record MountExtensions(EnabledFeature idmap) {
}
