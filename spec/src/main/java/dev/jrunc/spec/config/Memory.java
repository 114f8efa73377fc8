package dev.jrunc.spec.config;

/** linux.resources.memory; 64-bit values may be -1 or unsigned (stored as unsigned bits). */
public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP, Long swappiness, Boolean disableOOMKiller, Boolean useHierarchy, Boolean checkBeforeUpdate) {
}
