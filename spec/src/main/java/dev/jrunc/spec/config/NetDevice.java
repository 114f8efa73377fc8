package dev.jrunc.spec.config;

/** linux.netDevices.{host name}: new name inside the container (null keeps the name). */
public record NetDevice(String name) {
}
