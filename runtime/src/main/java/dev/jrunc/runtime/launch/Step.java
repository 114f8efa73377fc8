package dev.jrunc.runtime.launch;

import java.util.List;

/**
 * One raw syscall the trampoline child runs: number, up to six arguments, an errno
 * that counts as success (EEXIST for mkdir, say; 0 for none), and the human
 * description that names the step when it fails.
 */
public record Step(String name, int nr, List<Arg> args, int ignoreErrno, String description) {

    public Step {
        if (args.size() > 6) throw new IllegalArgumentException(name + ": more than six arguments");
        args = List.copyOf(args);
    }

    /**
     * A step the plan compiler expands at launch time, from facts only known then
     * (the JVM's mappings, the thread's rseq area): reset_signals, unmap_jvm, and
     * sync (block reading fd args[0] until the JVM writes a byte; EOF fails the plan).
     */
    public static Step directive(String name, String description, Arg... args) {
        return new Step(name, -1, List.of(args), 0, description);
    }

    public boolean isDirective() {
        return nr < 0;
    }

    /** Like strace: {@code mount("proc", "/proc", "proc", MS_NOSUID, NULL)}. */
    public String render() {
        if (isDirective()) {
            StringBuilder sb = new StringBuilder("<").append(name);
            for (Arg a : args) sb.append(' ').append(a.render());
            return sb.append('>').toString();
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(args.get(i).render());
        }
        sb.append(')');
        if (ignoreErrno != 0) sb.append(" [ok: ").append(dev.jrunc.linux.Errno.name(ignoreErrno)).append(']');
        return sb.toString();
    }
}
