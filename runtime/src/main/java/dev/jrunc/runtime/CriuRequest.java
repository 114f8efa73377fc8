package dev.jrunc.runtime;

import java.util.Map;

/** {@code checkpoint} / {@code restore} options for criu, keyed by flag name without dashes. */
public record CriuRequest(String id, Map<String, String> options) {}
