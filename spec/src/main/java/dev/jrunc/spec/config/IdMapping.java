package dev.jrunc.spec.config;

/** A uid/gid mapping (uint32 values). */
public record IdMapping(long containerID, long hostID, long size) {
}
