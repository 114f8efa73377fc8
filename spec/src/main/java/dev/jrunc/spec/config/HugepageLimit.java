package dev.jrunc.spec.config;

/** linux.resources.hugepageLimits[]. */
public record HugepageLimit(String pageSize, long limit) {
}
