package dev.jrunc.spec.features;

/** features.linux.seccomp. */
public record SeccompFeatures(Boolean enabled, java.util.List<String> actions, java.util.List<String> operators, java.util.List<String> archs, java.util.List<String> knownFlags, java.util.List<String> supportedFlags) {
}
