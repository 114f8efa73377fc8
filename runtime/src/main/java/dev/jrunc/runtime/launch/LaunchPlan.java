package dev.jrunc.runtime.launch;

import java.util.List;

/**
 * The compiled form of a container's start: the clone3 flags and the steps the
 * trampoline child runs, ending in execve. Pure data: printable and comparable.
 *
 * @param cloneFlags  namespaces created by clone3 itself
 * @param steps       the child's syscalls in order
 * @param readyStep   index of the step that reports READY to the JVM
 */
public record LaunchPlan(long cloneFlags, List<Step> steps, int readyStep) {

    public LaunchPlan {
        steps = List.copyOf(steps);
    }

    /**
     * The same plan with step {@code n} replaced by a call that fails (close(-1):
     * EBADF) under the same description: tests inject a failure at every step and
     * check that nothing is left behind. Directives are left alone.
     */
    public LaunchPlan failingAt(int n) {
        if (n < 0 || n >= steps.size() || steps.get(n).isDirective()) return this;
        java.util.List<Step> copy = new java.util.ArrayList<>(steps);
        Step s = copy.get(n);
        copy.set(n, new Step(s.name(), 3 /* close */, List.of(Arg.num(-1)), 0, s.description()));
        return new LaunchPlan(cloneFlags, copy, readyStep);
    }

    /** The plan as strace would show it, one numbered step a line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("clone3({flags=").append(Namespaces.describeCloneFlags(cloneFlags))
                .append(", exit_signal=SIGCHLD})\n");
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            sb.append(String.format("%3d ", i)).append(s.render()).append("  # ").append(s.description()).append('\n');
        }
        return sb.toString();
    }
}
