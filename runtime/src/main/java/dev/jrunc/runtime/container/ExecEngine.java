package dev.jrunc.runtime.container;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.Pidfd;
import dev.jrunc.linux.trampoline.CloneSpec;
import dev.jrunc.linux.trampoline.Plan;
import dev.jrunc.linux.trampoline.PlanFailure;
import dev.jrunc.linux.trampoline.PlanRecord;
import dev.jrunc.runtime.ExecRequest;
import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.cgroup.CgroupManager;
import dev.jrunc.runtime.cgroup.ContainerCgroups;
import dev.jrunc.runtime.launch.LaunchContext;
import dev.jrunc.runtime.launch.LaunchPlan;
import dev.jrunc.runtime.launch.LaunchPlanner;
import dev.jrunc.runtime.launch.LinuxHostProbe;
import dev.jrunc.runtime.launch.PlanCompiler;
import dev.jrunc.runtime.log.RuntimeLog;
import dev.jrunc.spec.ConfigException;
import dev.jrunc.spec.ConfigLoader;
import dev.jrunc.spec.config.Capabilities;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Process;
import dev.jrunc.spec.config.User;
import dev.jrunc.spec.state.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code exec}: a new process in a running container. The JVM decides everything (the
 * process from {@code --process} or the container's process with the flags over it, the
 * executable resolved through {@code /proc/PID/root}, the namespaces that differ from its
 * own) and never enters the container: a throwaway platform thread joins the pid namespace
 * and forks the trampoline, whose child waits while the JVM puts it in the container's
 * cgroup, then joins the other namespaces and execs ({@link LaunchPlanner#planExec}).
 * Without {@code --detach} the JVM waits for it, forwarding the signals it gets ({@link SignalForwarder}).
 */
public final class ExecEngine {
    private static final int O_RDONLY = 0, O_CLOEXEC = 0x80000, SIGKILL = 9;
    private static final String FAILED = "exec failed: ";
    private static final String START_FAILED = FAILED + "unable to start container process: ";

    /** /proc/PID/ns name → the type the planner's joinFds use, user first. */
    private static final String[][] NAMESPACES = {
        {"user", "user"}, {"mnt", "mount"}, {"ipc", "ipc"}, {"uts", "uts"}, {"net", "network"},
        {"cgroup", "cgroup"}, {"time", "time"},
    };

    private final Path root;
    private final RuntimeLog log;

    public ExecEngine(Path root, RuntimeLog log) {
        this.root = root;
        this.log = log;
    }

    /** Starts the process; returns its shell-style exit status, or 0 when detached. */
    public int exec(ExecRequest req) throws JruncException {
        Map<String, String> subCgroups;
        try {
            subCgroups = ExecSubCgroup.parse(req.cgroups());
        } catch (JruncException e) {
            throw new JruncException(FAILED + e.getMessage());
        }
        ContainerDir dir = ContainerDir.open(root, req.id());
        InitProcess init;
        State state;
        try (AutoCloseable lock = dir.lock()) {
            switch (dir.status()) {
                case STOPPED -> throw new JruncException(FAILED + "cannot exec in a stopped container");
                case CREATING -> throw new JruncException(FAILED + "cannot exec in a container in the creating state");
                case PAUSED -> {
                    if (!req.ignorePaused()) {
                        throw new JruncException(FAILED
                                + "cannot exec in a paused container (use --ignore-paused to override)");
                    }
                }
                case CREATED, RUNNING -> { }
            }
            init = dir.readInit();
            state = dir.readState();
        } catch (JruncException e) {
            throw e;
        } catch (Exception e) {
            throw new JruncException(FAILED + e.getMessage(), e);
        }
        if (init == null || state == null) throw new JruncException(FAILED + "cannot exec in a stopped container");
        Config container = containerConfig(state);
        Process process = process(req, container);
        if (Boolean.TRUE.equals(process.terminal()) && !req.detach()) {
            process = dev.jrunc.runtime.console.TtyRelay.withCallerSize(process); // relayed: our size
        }
        boolean terminal = Boolean.TRUE.equals(process.terminal());
        try {
            dev.jrunc.runtime.console.ConsoleSocket.check(req.detach(), terminal, req.consoleSocket());
        } catch (JruncException e) {
            throw new JruncException(FAILED + e.getMessage());
        }
        Config config = container.withProcess(process);
        LinuxHostProbe probe = new LinuxHostProbe(root);
        dev.jrunc.runtime.security.SecurityCheck.check(config, probe);
        Path procRoot = Path.of("/proc/" + init.pid() + "/root");
        String exe;
        try {
            exe = ExecutableLookup.find(procRoot, process.args().getFirst(), process.env(), process.cwd());
        } catch (JruncException e) {
            throw new JruncException(START_FAILED + e.getMessage(), e);
        }

        CgroupManager cgroup;
        Map<String, Path> cgroupDirs = null;
        try {
            cgroup = ContainerCgroups.load(dir.path());
            // resolved (and checked to exist) before anything is started
            if (!subCgroups.isEmpty()) {
                if (cgroup == null) throw new JruncException("--cgroup: the container has no cgroup");
                cgroupDirs = ExecSubCgroup.resolve(cgroup, subCgroups);
            }
        } catch (JruncException e) {
            throw new JruncException(FAILED + e.getMessage(), e);
        }

        List<Integer> fds = new ArrayList<>();
        int pid = -1;
        boolean detached = false;
        // foreground: from before the launch, so that a signal meanwhile is passed on, not fatal
        SignalForwarder signals = req.detach() ? null : SignalForwarder.install();
        try {
            int initFd;
            try {
                initFd = Pidfd.open(init.pid(), 0);
            } catch (LinuxException e) {
                throw new JruncException(FAILED + "cannot exec in a stopped container");
            }
            fds.add(initFd);
            Map<String, Integer> joinFds = new HashMap<>();
            for (String[] ns : NAMESPACES) {
                int fd = dev.jrunc.linux.Namespaces.openIfOther(init.pid(), ns[0]);
                if (fd < 0) continue;
                fds.add(fd);
                joinFds.put(ns[1], fd);
            }
            int pidNs = dev.jrunc.linux.Namespaces.openIfOther(init.pid(), "pid");
            if (pidNs >= 0) fds.add(pidNs);
            // the fds above are of the init itself, not of a process that reused its pid
            if (!init.alive()) throw new JruncException(FAILED + "cannot exec in a stopped container");

            int consoleFd = -1; // the child sends the pty master there (TerminalSteps)
            int relayFd = -1;   // foreground -t: our end of the socketpair it comes back on (TtyRelay)
            if (terminal && !req.detach()) {
                int[] pair = dev.jrunc.runtime.console.TtyRelay.pair(fds);
                relayFd = pair[0];
                consoleFd = pair[1];
            } else if (terminal) {
                try {
                    consoleFd = dev.jrunc.runtime.console.ConsoleSocket.connect(req.consoleSocket());
                } catch (JruncException e) {
                    throw new JruncException(FAILED + e.getMessage(), e);
                }
                fds.add(consoleFd);
            }
            // SCMP_ACT_NOTIFY: the agent gets this process's listener too (as runc's exec)
            var seccompAgent = dev.jrunc.runtime.seccomp.SeccompListener.connect(
                    config.linux() == null ? null : config.linux().seccomp());
            if (seccompAgent != null) fds.add(seccompAgent.fd());
            int[] err = Linux.pipe2(O_CLOEXEC);
            int[] sync = Linux.pipe2(O_CLOEXEC);
            fds.add(err[0]);
            fds.add(err[1]);
            fds.add(sync[0]);
            fds.add(sync[1]);
            LaunchContext ctx = new LaunchContext(procRoot.toString(), exe, err[1], sync[0], sync[1], -1,
                    terminal ? dev.jrunc.runtime.console.ConsoleSocket.scratchFd() : -1,
                    joinFds, false, req.preserveFds(), probe);
            LaunchPlan lp = LaunchPlanner.planExec(config, ctx, consoleFd);
            if (log.debugEnabled()) log.debug("exec plan for " + req.id() + ":\n" + lp.render());
            try (PlanCompiler.Compiled compiled = PlanCompiler.compile(lp, err[1])) {
                Plan plan = compiled.plan();
                pid = dev.jrunc.runtime.launch.PidNamespaceLaunch.launch(CloneSpec.fork(), plan, err[1], pidNs);
                closeFd(fds, err[1]);
                closeFd(fds, sync[0]);
                // before it runs anything of the user's
                if (cgroupDirs != null) ExecSubCgroup.join(cgroupDirs, pid);
                else if (cgroup != null) cgroup.join(pid);
                try {
                    Linux.writeFully(sync[1], new byte[] {1});
                } catch (LinuxException e) {
                    if (e.errno() != Errno.EPIPE) throw e; // EPIPE: it failed a step, reported below
                }
                if (seccompAgent != null) {
                    PlanRecord at = PlanRecord.read(err[0], plan);
                    if (at instanceof PlanFailure f) throw new JruncException(START_FAILED + compiled.message(lp, f));
                    if (!(at instanceof dev.jrunc.linux.trampoline.PlanReport r
                            && r.code() == dev.jrunc.runtime.launch.PlanCompiler.SECCOMP)) {
                        throw new JruncException(START_FAILED + "the process exited before its seccomp listener was sent");
                    }
                    seccompAgent.deliver(pid, dev.jrunc.spec.state.StateJson.write(new State(state.ociVersion(),
                            state.id(), "running", init.pid(), state.bundle(), state.rootfs(), state.created(),
                            state.owner(), state.annotations()), false));
                    closeFd(fds, seccompAgent.fd());
                    Linux.writeFully(sync[1], new byte[] {1});
                }
                closeFd(fds, sync[1]);
                // EOF: the error pipe closed at execve
                PlanRecord rec = PlanRecord.read(err[0], plan);
                if (rec instanceof PlanFailure f) throw new JruncException(START_FAILED + compiled.message(lp, f));
                if (rec != null) throw new JruncException(START_FAILED + "unexpected report " + rec);
            }
            int master = -1;
            if (relayFd >= 0) {
                closeFd(fds, consoleFd); // the child's copy closed at its execve
                master = dev.jrunc.runtime.console.TtyRelay.receiveMaster(relayFd);
                fds.add(master);
            }
            if (req.detach()) {
                if (req.pidFile() != null) {
                    ContainerDir.writeAtomically(Path.of(req.pidFile()).toAbsolutePath(), Integer.toString(pid));
                }
                detached = true;
                return 0;
            }
            signals.attach(pid);
            dev.jrunc.runtime.console.TtyRelay relay = null;
            if (master >= 0) {
                fds.remove(Integer.valueOf(master)); // the relay closes it
                relay = dev.jrunc.runtime.console.TtyRelay.start(master);
                signals.relay(relay);
            }
            int status = ContainerEngine.waitFor(pid);
            pid = -1;
            return relay != null ? relay.finish(status) : status;
        } catch (JruncException e) {
            throw e;
        } catch (LinuxException e) {
            throw new JruncException(FAILED + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new JruncException(FAILED + e.getMessage(), e);
        } finally {
            if (signals != null) signals.close();
            for (int fd : fds) Linux.closeQuietly(fd);
            if (pid > 0 && !detached) {
                try {
                    Linux.kill(pid, SIGKILL);
                } catch (LinuxException ignored) {
                    // gone
                }
                ContainerEngine.waitFor(pid);
            }
        }
    }

    /** The container's config as its bundle has it (checked at create). */
    private static Config containerConfig(State state) throws JruncException {
        Path file = Path.of(state.bundle()).resolve("config.json");
        try {
            return ConfigLoader.parse(Files.readAllBytes(file));
        } catch (IOException | ConfigException e) {
            throw new JruncException(FAILED + "reading " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code --process FILE} as it is, or the container's process with args and the flags over it. */
    static Process process(ExecRequest req, Config container) throws JruncException {
        if (req.processJson() != null) {
            byte[] json;
            try {
                json = Files.readAllBytes(Path.of(req.processJson()));
            } catch (IOException e) {
                throw new JruncException(FAILED + "reading " + req.processJson() + ": " + e.getMessage(), e);
            }
            // parsed as the process of a config, so shapes are checked and named as there
            byte[] doc = ("{\"ociVersion\":\"1.0.0\",\"process\":" + new String(json, StandardCharsets.UTF_8) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            Process p;
            try {
                p = ConfigLoader.parse(doc).process();
            } catch (ConfigException e) {
                throw new JruncException(FAILED + "invalid " + req.processJson() + ": " + e.getMessage(), e);
            }
            if (p == null || p.args() == null || p.args().isEmpty()) {
                throw new JruncException(FAILED + "invalid " + req.processJson() + ": /process/args: must not be empty");
            }
            return p;
        }
        Process base = container.process();
        if (base == null) throw new JruncException(FAILED + "the container has no process to take defaults from");
        List<String> env = new ArrayList<>(base.env() == null ? List.of() : base.env());
        for (String e : req.env()) {
            int eq = e.indexOf('=');
            String key = eq < 0 ? e : e.substring(0, eq + 1);
            boolean replaced = false;
            for (int i = 0; i < env.size() && eq >= 0; i++) {
                if (env.get(i).startsWith(key)) {
                    env.set(i, e);
                    replaced = true;
                }
            }
            if (!replaced) env.add(e);
        }
        User u = base.user() == null ? new User(0, 0, null, List.of(), null) : base.user();
        long uid = u.uid(), gid = u.gid();
        if (req.user() != null && !req.user().isEmpty()) {
            String[] parts = req.user().split(":", 2);
            uid = parseId(parts[0], "uid");
            if (parts.length > 1) gid = parseId(parts[1], "gid");
        }
        List<Long> groups = new ArrayList<>(u.additionalGids() == null ? List.of() : u.additionalGids());
        for (String g : req.additionalGids()) groups.add(parseId(g, "additional gid"));
        User user = new User(uid, gid, u.umask(), groups, u.username());
        Capabilities caps = base.capabilities();
        if (!req.caps().isEmpty()) {
            Capabilities c = caps == null ? new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of()) : caps;
            caps = new Capabilities(plus(c.bounding(), req.caps()), plus(c.effective(), req.caps()), c.inheritable(),
                    plus(c.permitted(), req.caps()), c.ambient());
            for (String cap : req.caps()) {
                if (dev.jrunc.spec.LinuxNames.capabilityNumber(cap) < 0) {
                    throw new JruncException(FAILED + "unknown capability \"" + cap + "\"");
                }
            }
        }
        String cwd = req.cwd() != null && !req.cwd().isEmpty() ? req.cwd() : base.cwd();
        Boolean nnp = req.noNewPrivs() ? Boolean.TRUE : base.noNewPrivileges();
        String apparmor = req.apparmor() != null && !req.apparmor().isEmpty() ? req.apparmor() : base.apparmorProfile();
        String label = req.processLabel() != null && !req.processLabel().isEmpty() ? req.processLabel()
                : base.selinuxLabel();
        return new Process(req.tty(), null, user, req.args(), null, env, cwd, caps, base.rlimits(), nnp, apparmor,
                null, label, base.ioPriority(), base.scheduler(), base.execCPUAffinity());
    }

    private static long parseId(String s, String what) throws JruncException {
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > 0xffffffffL) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new JruncException(FAILED + "parsing " + s + " as int for " + what + " failed");
        }
    }

    private static List<String> plus(List<String> set, List<String> more) {
        List<String> out = new ArrayList<>(set == null ? List.of() : set);
        for (String m : more) if (!out.contains(m)) out.add(m);
        return out;
    }

    private static void closeFd(List<Integer> fds, int fd) {
        Linux.closeQuietly(fd);
        fds.remove(Integer.valueOf(fd));
    }
}
