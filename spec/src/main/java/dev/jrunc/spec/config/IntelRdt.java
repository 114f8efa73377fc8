package dev.jrunc.spec.config;

/** linux.intelRdt. */
public record IntelRdt(String closID, String l3CacheSchema, String memBwSchema, java.util.List<String> schemata, Boolean enableCMT, Boolean enableMBM, Boolean enableMonitoring) {
}
