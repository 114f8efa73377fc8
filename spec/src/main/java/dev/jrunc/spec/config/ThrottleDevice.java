package dev.jrunc.spec.config;

/** blockIO.throttle*Device[]. */
public record ThrottleDevice(long major, long minor, long rate) {
}
