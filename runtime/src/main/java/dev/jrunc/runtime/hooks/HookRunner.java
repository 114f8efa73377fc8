package dev.jrunc.runtime.hooks;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.Namespaces;
import dev.jrunc.linux.Pidfd;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;
import dev.jrunc.linux.WaitResult;
import dev.jrunc.linux.trampoline.Arg;
import dev.jrunc.linux.trampoline.CloneSpec;
import dev.jrunc.linux.trampoline.Plan;
import dev.jrunc.linux.trampoline.PlanBuilder;
import dev.jrunc.linux.trampoline.PlanFailure;
import dev.jrunc.linux.trampoline.PlanRecord;
import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.log.RuntimeLog;
import dev.jrunc.spec.config.Hook;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs OCI hooks. A hook is started by the trampoline like everything else (no Java code
 * between fork and exec), with exactly its {@code args} as argv (args[0] may differ from
 * path), exactly its {@code env}, the state JSON on stdin and stdout+stderr captured in a
 * memfd for the error message. With {@link Target} it first joins the container's
 * namespaces (the pid namespace through a throwaway thread, the others in the child),
 * which is how createContainer and startContainer hooks run "in the container namespace".
 * A {@code timeout} kills the hook and fails it.
 */
public final class HookRunner {
    private static final int O_RDONLY = 0, O_CLOEXEC = 0x80000, MFD_CLOEXEC = 1, SIGKILL = 9;
    private static final short POLLIN = 1;
    private static final int MAX_OUTPUT = 4096;
    private static final int PREAD64 = 17; // x86_64

    private final RuntimeLog log;

    public HookRunner(RuntimeLog log) {
        this.log = log;
    }

    /** The kinds of hooks, in the order of a container's lifecycle. */
    public enum Kind {
        PRESTART("prestart"), CREATE_RUNTIME("createRuntime"), CREATE_CONTAINER("createContainer"),
        START_CONTAINER("startContainer"), POSTSTART("poststart"), POSTSTOP("poststop");

        public final String json;

        Kind(String json) {
            this.json = json;
        }

        /** Whether a failure fails the operation (true) or is only logged (poststart, poststop). */
        public boolean fatal() {
            return this != POSTSTART && this != POSTSTOP;
        }
    }

    /** A process whose namespaces (all but time) a hook joins, for the container-side kinds. */
    public record Target(int pid) {}

    /**
     * Runs the hooks of one kind in order. A fatal kind stops at the first failure and throws;
     * poststart and poststop log a warning for each failure and run on.
     */
    public void runAll(Kind kind, List<Hook> hooks, String stateJson, Target target) throws JruncException {
        for (int i = 0; i < hooks.size(); i++) {
            try {
                run(hooks.get(i), stateJson, target);
            } catch (JruncException e) {
                String msg = "error running " + kind.json + " hook #" + i + ": " + e.getMessage();
                if (kind.fatal()) throw new JruncException(msg, e);
                log.warn(msg);
            }
        }
    }

    /** Runs one hook and waits for it; throws with its output when it fails. */
    public void run(Hook hook, String stateJson, Target target) throws JruncException {
        List<Integer> fds = new ArrayList<>();
        int pid = -1;
        try {
            int[] in = Linux.pipe2(O_CLOEXEC);
            fds.add(in[0]);
            fds.add(in[1]);
            byte[] state = stateJson.getBytes(StandardCharsets.UTF_8);
            // the state is far below a pipe's capacity: written before the hook runs, then EOF
            Linux.writeFully(in[1], state);
            close(fds, in[1]);
            int out = Linux.memfdCreate("jrunc-hook-output", MFD_CLOEXEC);
            fds.add(out);
            int[] err = Linux.pipe2(O_CLOEXEC);
            fds.add(err[0]);
            fds.add(err[1]);
            List<int[]> joins = new ArrayList<>();
            int pidNs = -1;
            if (target != null) {
                for (String[] ns : NAMESPACES) {
                    int fd = dev.jrunc.linux.Namespaces.openIfOther(target.pid(), ns[0]);
                    if (fd < 0) continue;
                    fds.add(fd);
                    joins.add(new int[] {fd, Integer.parseInt(ns[1])});
                }
                pidNs = dev.jrunc.linux.Namespaces.openIfOther(target.pid(), "pid");
                if (pidNs >= 0) fds.add(pidNs);
            }
            List<String> argv = hook.args() == null || hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
            List<String> env = hook.env() == null ? List.of() : hook.env();
            try (PlanBuilder b = new PlanBuilder(512, 64 * 1024)) {
                b.resetSignalHandlers();
                b.resetSignalMask();
                for (int[] j : joins) {
                    b.add("joining the container's namespace (" + j[1] + ")", SysNr.setns,
                            Arg.of(j[0]), Arg.of(j[1]));
                }
                if (target != null) {
                    // the old cwd is a path of the caller's mount namespace
                    b.add("changing to /", SysNr.chdir, b.cstring("/"));
                }
                b.dupTo(in[0], 0, "state on stdin");
                b.dupTo(out, 1, "output to the capture");
                b.dupTo(out, 2, "errors to the capture");
                b.closeFdsOnExec();
                b.execve(hook.path(), argv, env);
                Plan plan = b.build();
                pid = dev.jrunc.runtime.launch.PidNamespaceLaunch.launch(CloneSpec.fork(), plan, err[1], pidNs);
                close(fds, err[1]);
                PlanRecord rec = PlanRecord.read(err[0], plan);
                if (rec instanceof PlanFailure f) {
                    reap(pid);
                    pid = -1;
                    throw new JruncException(f.description() + ": " + Errno.name(f.errno()));
                }
            }
            int status = await(pid, hook.timeout());
            pid = -1;
            if (status != 0) {
                String output = readOutput(out);
                throw new JruncException((status > 128 ? "signal " + (status - 128) : "exit status " + status)
                        + (output.isEmpty() ? "" : ", output: " + output));
            }
        } catch (LinuxException e) {
            throw new JruncException(e.getMessage(), e);
        } finally {
            if (pid > 0) {
                try {
                    Linux.kill(pid, SIGKILL);
                } catch (LinuxException ignored) {
                    // gone
                }
                reap(pid);
            }
            for (int fd : fds) Linux.closeQuietly(fd);
        }
    }

    private static final String[][] NAMESPACES = {
        {"user", Integer.toString(Namespaces.CLONE_NEWUSER)}, {"mnt", Integer.toString(Namespaces.CLONE_NEWNS)},
        {"ipc", Integer.toString(Namespaces.CLONE_NEWIPC)}, {"uts", Integer.toString(Namespaces.CLONE_NEWUTS)},
        {"net", Integer.toString(Namespaces.CLONE_NEWNET)}, {"cgroup", Integer.toString(Namespaces.CLONE_NEWCGROUP)},
    };



    /** Waits for the hook; on timeout (seconds) kills it and throws. Returns a shell-style status. */
    private static int await(int pid, Integer timeoutSeconds) throws JruncException {
        if (timeoutSeconds != null && timeoutSeconds > 0) {
            int pidfd = Pidfd.open(pid, 0);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocate(8, 8);
                long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        Pidfd.sendSignal(pidfd, SIGKILL);
                        reap(pid);
                        throw new JruncException("timeout after " + timeoutSeconds + "s, killed");
                    }
                    p.set(ValueLayout.JAVA_INT, 0, pidfd);
                    p.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                    p.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                    long r = Syscalls.raw(SysNr.poll, p.address(), 1, Math.min(left, Integer.MAX_VALUE));
                    if (r > 0) break;
                    if (r < 0 && r != -Errno.EINTR) throw new LinuxException("poll hook", (int) -r);
                }
            } finally {
                Linux.closeQuietly(pidfd);
            }
        }
        return reap(pid);
    }

    private static int reap(int pid) {
        while (true) {
            try {
                return Linux.wait4(pid, 0).shellExitCode();
            } catch (LinuxException e) {
                if (e.errno() != Errno.EINTR) return 255;
            }
        }
    }

    private static String readOutput(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(MAX_OUTPUT);
            long n = Syscalls.raw(PREAD64, fd, buf.address(), MAX_OUTPUT, 0);
            if (n <= 0) return "";
            byte[] b = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            return new String(b, StandardCharsets.UTF_8).strip();
        }
    }

    private static void close(List<Integer> fds, int fd) {
        Linux.closeQuietly(fd);
        fds.remove(Integer.valueOf(fd));
    }
}
