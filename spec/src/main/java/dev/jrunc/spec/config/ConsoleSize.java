package dev.jrunc.spec.config;

/** process.consoleSize (uint values). */
public record ConsoleSize(long height, long width) {
}
