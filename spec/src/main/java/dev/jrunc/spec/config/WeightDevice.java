package dev.jrunc.spec.config;

/** blockIO.weightDevice[]. */
public record WeightDevice(long major, long minor, Integer weight, Integer leafWeight) {
}
