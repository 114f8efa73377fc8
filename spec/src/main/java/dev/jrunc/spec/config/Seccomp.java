package dev.jrunc.spec.config;

/** linux.seccomp. */
public record Seccomp(String defaultAction, Long defaultErrnoRet, java.util.List<String> architectures, java.util.List<String> flags, String listenerPath, String listenerMetadata, java.util.List<Syscall> syscalls) {
}
