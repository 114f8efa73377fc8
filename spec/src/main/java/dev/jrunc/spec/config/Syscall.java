package dev.jrunc.spec.config;

/** linux.seccomp.syscalls[]. */
public record Syscall(java.util.List<String> names, String action, Long errnoRet, java.util.List<SeccompArg> args) {
}
