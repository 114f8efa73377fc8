package dev.jrunc.spec.config;

/** process.scheduler (sched_setattr). */
public record Scheduler(String policy, Integer nice, Integer priority, java.util.List<String> flags, Long runtime, Long deadline, Long period) {
}
