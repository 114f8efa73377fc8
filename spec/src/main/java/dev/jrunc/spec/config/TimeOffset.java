package dev.jrunc.spec.config;

/** linux.timeOffsets.{monotonic,boottime}. */
public record TimeOffset(long secs, long nanosecs) {
}
