package dev.jrunc.spec.config;

/** mounts[]. */
public record Mount(String destination, String type, String source, java.util.List<String> options, java.util.List<IdMapping> uidMappings, java.util.List<IdMapping> gidMappings) {
}
