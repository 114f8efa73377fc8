/**
 * The launch trampoline: a ~50-instruction machine-code stub that calls clone3 and, in the child only, runs a launch plan.
 * A launch plan ({@link dev.jrunc.linux.trampoline.PlanBuilder}, {@link dev.jrunc.linux.trampoline.Plan}) is a flat array of raw syscalls in one mmap'd region; no Java runs between fork and exec.
 * Failures and reports come back as fixed 8-byte records on an error fd ({@link dev.jrunc.linux.trampoline.PlanRecord}).
 */
package dev.jrunc.linux.trampoline;
