package dev.jrunc.runtime;

import java.util.Map;

/**
 * New resource limits ({@code update}): a resources JSON file ("-" for stdin) or the
 * individual flags, keyed by flag name without dashes ("memory", "cpu-quota", ...).
 */
public record UpdateRequest(String id, String resourcesFile, Map<String, String> values) {}
