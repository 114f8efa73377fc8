package dev.jrunc.spec.config;

/** linux.seccomp.syscalls[].args[]; value/valueTwo are uint64 bits. */
public record SeccompArg(long index, long value, long valueTwo, String op) {
}
