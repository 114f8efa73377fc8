package dev.jrunc.spec.config;

/** One hook entry; timeout in seconds or null. */
public record Hook(String path, java.util.List<String> args, java.util.List<String> env, Integer timeout) {
}
