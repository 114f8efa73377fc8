package dev.jrunc.spec.config;

/** hooks; every list is empty when absent. */
public record Hooks(java.util.List<Hook> prestart, java.util.List<Hook> createRuntime, java.util.List<Hook> createContainer, java.util.List<Hook> startContainer, java.util.List<Hook> poststart, java.util.List<Hook> poststop) {
}
