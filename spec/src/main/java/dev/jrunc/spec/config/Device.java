package dev.jrunc.spec.config;

/** linux.devices[]: a device node to create. */
public record Device(String type, String path, Long major, Long minor, Long fileMode, Long uid, Long gid) {
}
