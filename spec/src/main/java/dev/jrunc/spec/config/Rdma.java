package dev.jrunc.spec.config;

/** linux.resources.rdma.{device}. */
public record Rdma(Long hcaHandles, Long hcaObjects) {
}
