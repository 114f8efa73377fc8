package dev.jrunc.runtime.launch;

import dev.jrunc.linux.trampoline.Plan;
import dev.jrunc.linux.trampoline.PlanBuilder;
import java.util.List;

/**
 * Turns a {@link LaunchPlan} into the trampoline's memory image: strings, structs and
 * argv arrays go into the plan region, directives expand into the steps only known at
 * launch time, and step references are renumbered to trampoline entries.
 */
public final class PlanCompiler {
    private PlanCompiler() {}

    /** The value of the READY report record. */
    public static final int READY = 1;

    /** The value of the report record the init sends when it stops for the createContainer hooks. */
    public static final int HOOKS = 2;

    /** The value of the report record the child sends once its seccomp filter's notify listener exists. */
    public static final int SECCOMP = 3;

    /**
     * The trampoline's plan and, for each of its entries, the launch-plan step it came
     * from, so that a failure names the step a user can find in {@code --debug} output.
     */
    public record Compiled(Plan plan, int[] stepOfEntry) implements AutoCloseable {
        /** {@code mounting proc on /proc: EPERM (step 12)}, numbered as in the launch plan. */
        public String message(LaunchPlan launch, dev.jrunc.linux.trampoline.PlanFailure f) {
            int step = f.step() >= 0 && f.step() < stepOfEntry.length ? stepOfEntry[f.step()] : -1;
            String what = step >= 0 ? launch.steps().get(step).description() : f.description();
            return what + ": " + dev.jrunc.linux.Errno.name(f.errno()) + " (step " + step + ")";
        }

        @Override
        public void close() {
            plan.close();
        }
    }

    /** Compiles the plan; the caller closes the result once the child is gone or exec'd. */
    public static Compiled compile(LaunchPlan plan, int errFd) {
        List<Step> steps = plan.steps();
        int[] entryOf = new int[steps.size()];
        int[] stepOf = new int[4096];
        PlanBuilder b = new PlanBuilder();
        try {
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                int before = b.size();
                entryOf[i] = emit(b, s, entryOf, errFd);
                if (b.size() > stepOf.length) stepOf = java.util.Arrays.copyOf(stepOf, b.size() * 2);
                java.util.Arrays.fill(stepOf, before, b.size(), i);
            }
            return new Compiled(b.build(), java.util.Arrays.copyOf(stepOf, b.size()));
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** {@link PlanBuilder#syncPoint} on the fd an earlier entry returned. */
    private static int syncOn(PlanBuilder b, int fdEntry, String description) {
        var buf = b.buffer(8, "buf");
        int r = b.add(description, dev.jrunc.linux.SysNr.read, dev.jrunc.linux.trampoline.Arg.result(fdEntry), buf,
                dev.jrunc.linux.trampoline.Arg.of(1));
        b.add(description + ": the runtime closed the pipe", dev.jrunc.linux.SysNr.prctl,
                dev.jrunc.linux.trampoline.Arg.result(r), dev.jrunc.linux.trampoline.Arg.of(0),
                dev.jrunc.linux.trampoline.Arg.of(0), dev.jrunc.linux.trampoline.Arg.of(0),
                dev.jrunc.linux.trampoline.Arg.of(0));
        return r;
    }

    private static int emit(PlanBuilder b, Step s, int[] entryOf, int errFd) {
        if (s.isDirective()) {
            return switch (s.name()) {
                case "sync" -> s.args().getFirst() instanceof Arg.Result r
                        ? syncOn(b, entryOf[r.step()], s.description())
                        : b.syncPoint((int) ((Arg.Num) s.args().getFirst()).value(), s.description());
                case "report" -> b.report(errFd, (int) ((Arg.Num) s.args().getFirst()).value(), s.description());
                case "reset_signals" -> {
                    b.resetSignalHandlers();
                    yield b.resetSignalMask();
                }
                case "unmap_jvm" -> {
                    int r = b.unregisterRseq();
                    b.unmapJvm();
                    yield r;
                }
                default -> throw new IllegalArgumentException("unknown plan directive " + s.name());
            };
        }
        if (s.args().stream().anyMatch(a -> a instanceof Arg.ReadyRecord)) {
            return b.report(errFd, READY, s.description());
        }
        dev.jrunc.linux.trampoline.Arg[] args = new dev.jrunc.linux.trampoline.Arg[s.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = compileArg(b, s.args().get(i), entryOf);
        }
        return b.addIgnoring(s.ignoreErrno(), s.description(), s.nr(), args);
    }

    /**
     * One argument. An instanceof chain rather than a pattern switch: a pattern switch
     * bootstraps a class generated at run time (SwitchBootstraps), a few ms of every launch.
     */
    private static dev.jrunc.linux.trampoline.Arg compileArg(PlanBuilder b, Arg a, int[] entryOf) {
        if (a instanceof Arg.Num n) return dev.jrunc.linux.trampoline.Arg.of(n.value(), n.shown());
        if (a instanceof Arg.Str str) return b.cstring(str.value());
        if (a instanceof Arg.Bytes bytes) return b.bytes(bytes.value(), bytes.shown());
        if (a instanceof Arg.SockFprog f) return sockFprog(b, f);
        if (a instanceof Arg.SendFd m) return sendFd(b, m);
        if (a instanceof Arg.StrArray arr) return b.stringArray(arr.values());
        if (a instanceof Arg.Result r) return dev.jrunc.linux.trampoline.Arg.result(entryOf[r.step()]);
        throw new AssertionError(a);
    }

    /**
     * struct msghdr {name, namelen, iov, iovlen, control, controllen, flags} (56 bytes) with one
     * struct iovec over the payload and one cmsghdr {len, SOL_SOCKET, SCM_RIGHTS, int fd}
     * (CMSG_LEN(4) = 20, CMSG_SPACE(4) = 24).
     */
    private static dev.jrunc.linux.trampoline.Data sendFd(PlanBuilder b, Arg.SendFd m) {
        byte[] payload = m.payload().length == 0 ? new byte[1] : m.payload(); // a stream needs a data byte
        dev.jrunc.linux.trampoline.Data data = b.bytes(payload, "<" + payload.length + " bytes>");
        dev.jrunc.linux.trampoline.Data iov = b.buffer(16, "{iov}");
        iov.putPointer(0, data);
        iov.putLong(8, payload.length);
        dev.jrunc.linux.trampoline.Data cmsg = b.buffer(24, "{SCM_RIGHTS}");
        cmsg.putLong(0, 20);
        cmsg.putInt(8, 1);  // SOL_SOCKET
        cmsg.putInt(12, 1); // SCM_RIGHTS
        cmsg.putInt(16, m.fd());
        dev.jrunc.linux.trampoline.Data msg = b.buffer(56, m.render());
        msg.putPointer(16, iov);
        msg.putLong(24, 1);
        msg.putPointer(32, cmsg);
        msg.putLong(40, 24);
        return msg;
    }

    /** struct sock_fprog {unsigned short len; struct sock_filter *filter;} and its program. */
    private static dev.jrunc.linux.trampoline.Data sockFprog(PlanBuilder b, Arg.SockFprog f) {
        dev.jrunc.linux.trampoline.Data program = b.bytes(f.program(), "<" + f.program().length / 8 + " BPF instructions>");
        dev.jrunc.linux.trampoline.Data prog = b.buffer(16, f.render());
        prog.putInt(0, f.program().length / 8);
        prog.putPointer(8, program);
        return prog;
    }

}
