package dev.jrunc.spec.features;

/** The runtime-spec features document ({@code jrunc features}); null members are omitted when written. */
public record Features(String ociVersionMin, String ociVersionMax, java.util.List<String> hooks, java.util.List<String> mountOptions, LinuxFeatures linux, java.util.Map<String, String> annotations, java.util.List<String> potentiallyUnsafeConfigAnnotations) {
}
