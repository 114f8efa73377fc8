package dev.jrunc.linux.trampoline;

/** Step {@code step} (a {@link PlanBuilder#report} step) reported {@code code}, e.g. READY. */
public record PlanReport(int step, int code, String description) implements PlanRecord {}
