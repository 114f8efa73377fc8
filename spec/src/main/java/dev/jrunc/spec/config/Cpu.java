package dev.jrunc.spec.config;

/** linux.resources.cpu. */
public record Cpu(Long shares, Long quota, Long burst, Long period, Long realtimeRuntime, Long realtimePeriod, String cpus, String mems, Long idle) {
}
