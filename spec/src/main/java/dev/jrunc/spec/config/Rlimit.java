package dev.jrunc.spec.config;

/** process.rlimits[]; soft/hard are uint64 stored as unsigned bits (use Long.compareUnsigned / Long.toUnsignedString). */
public record Rlimit(String type, long soft, long hard) {
}
