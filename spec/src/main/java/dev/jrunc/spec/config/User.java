package dev.jrunc.spec.config;

/** process.user; uid/gid are uint32 (0 when absent, as runc). */
public record User(long uid, long gid, Long umask, java.util.List<Long> additionalGids, String username) {
}
