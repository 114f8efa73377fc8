package dev.jrunc.spec.config;

/** process.execCPUAffinity; finalCpus is the JSON field {@code final}. */
public record ExecCPUAffinity(String initial, String finalCpus) {
}
