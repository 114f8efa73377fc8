package dev.jrunc.runtime.container;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.Namespaces;
import dev.jrunc.linux.Pidfd;
import dev.jrunc.linux.ProcFiles;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;
import dev.jrunc.linux.WaitResult;
import dev.jrunc.linux.trampoline.CloneSpec;
import dev.jrunc.linux.trampoline.Plan;
import dev.jrunc.linux.trampoline.PlanFailure;
import dev.jrunc.linux.trampoline.PlanRecord;
import dev.jrunc.linux.trampoline.PlanReport;
import dev.jrunc.runtime.CreateRequest;
import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.hooks.HookRunner;
import dev.jrunc.runtime.hooks.HooksFile;
import dev.jrunc.runtime.cgroup.CgroupManager;
import dev.jrunc.runtime.cgroup.ContainerCgroupProbe;
import dev.jrunc.runtime.cgroup.ContainerCgroups;
import dev.jrunc.runtime.launch.LaunchContext;
import dev.jrunc.runtime.launch.LaunchPlan;
import dev.jrunc.runtime.launch.LaunchPlanner;
import dev.jrunc.runtime.launch.LinuxHostProbe;
import dev.jrunc.runtime.launch.PidNamespaceLaunch;
import dev.jrunc.runtime.launch.PlanCompiler;
import dev.jrunc.runtime.log.RuntimeLog;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.IdMapping;
import dev.jrunc.spec.config.Namespace;
import dev.jrunc.spec.state.State;
import dev.jrunc.spec.state.StateJson;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The container lifecycle on the host side: create (plan, launch, sync, READY),
 * start (the exec.fifo handshake), state, kill, delete. Never enters a container's
 * namespaces: the trampoline child does all of that.
 */
public final class ContainerEngine {
    private static final int O_RDONLY = 0, O_WRONLY = 1, O_NONBLOCK = 04000, O_CLOEXEC = 0x80000, O_PATH = 0x200000,
            O_DIRECTORY = 0x10000;
    private static final int SIGKILL = 9;
    private static final short POLLIN = 1, POLLHUP = 0x10;

    /** Test hook: make plan step N fail (see {@link LaunchPlan#failingAt}). */
    public static final String FAIL_STEP_ENV = "JRUNC_TEST_FAIL_STEP";

    private final Path root;
    private final RuntimeLog log;

    public ContainerEngine(Path root, RuntimeLog log) {
        this.root = root;
        this.log = log;
    }

    /** {@code --systemd-cgroup}: refused at create until the systemd driver exists. */
    private boolean systemdCgroup;

    public ContainerEngine systemdCgroup(boolean on) {
        this.systemdCgroup = on;
        return this;
    }

    /** {@code run} without {@code --detach}: runc's terminal rules differ ({@link dev.jrunc.runtime.console.ConsoleSocket#check}). */
    private boolean foreground;

    public ContainerEngine foreground(boolean on) {
        this.foreground = on;
        return this;
    }

    /** A foreground run's pty master ({@link dev.jrunc.runtime.console.TtyRelay}), -1 when none. */
    private int ptyMaster = -1;

    /** The pty master a foreground {@code run} with a terminal relays; -1 when there is none. */
    public int ptyMaster() {
        return ptyMaster;
    }

    // ---------------------------------------------------------------- create

    /** Creates the container and leaves its init waiting for start; returns the init's pid. */
    public int create(CreateRequest req, Config config) throws JruncException {
        Path bundle = req.bundle().toAbsolutePath().normalize();
        if (config.process() == null) throw new JruncException("process: must be set to create a container");
        int listenFds = listenFds();
        if (listenFds > 0) {
            // systemd socket activation, as runc: fds 3.. pass in before --preserve-fds, and
            // the process learns of them (it is pid 1 of its namespace)
            config = withEnv(config, "LISTEN_FDS=" + listenFds, "LISTEN_PID=1");
            req = new CreateRequest(req.id(), req.bundle(), req.consoleSocket(), req.pidFile(), req.noPivot(),
                    req.noNewKeyring(), req.preserveFds() + listenFds, req.detach(), req.keep(), req.noSubreaper());
        }
        Path rootfs = bundle.resolve(config.root() == null ? "rootfs" : config.root().path()).normalize();
        if (!Files.isDirectory(rootfs)) throw new JruncException("rootfs (" + rootfs + ") does not exist");
        boolean terminal = Boolean.TRUE.equals(config.process().terminal());
        // runc's checkTerminal, after the rootfs check as in runc
        dev.jrunc.runtime.console.ConsoleSocket.check(!foreground, terminal, req.consoleSocket());
        LinuxHostProbe probe = new LinuxHostProbe(root);
        dev.jrunc.runtime.security.SecurityCheck.check(config, probe); // seccomp, sysctl, LSM ...: before anything is made
        String exe = ExecutableLookup.find(rootfs, config.process().args().getFirst(), config.process().env(),
                config.process().cwd());

        List<Integer> fds = new ArrayList<>();
        Map<String, Integer> joinFds = new HashMap<>();
        ContainerDir dir = null;
        CgroupManager cgroup = null;
        int pid = -1;
        boolean done = false;
        try {
            for (Namespace ns : namespaces(config)) {
                if (ns.path() == null || ns.path().isEmpty()) continue;
                int fd;
                try {
                    fd = Linux.open(ns.path(), O_RDONLY | O_CLOEXEC, 0);
                } catch (LinuxException e) {
                    throw new JruncException("joining " + ns.type() + " namespace " + ns.path() + ": "
                            + e.errnoName());
                }
                fds.add(fd);
                int want = Namespaces.cloneFlag(ns.type());
                int got;
                try {
                    got = Namespaces.nsTypeFlag(fd);
                } catch (LinuxException e) {
                    got = 0; // not a namespace file at all
                }
                if (got != want) {
                    throw new JruncException("/linux/namespaces/" + namespaces(config).indexOf(ns) + "/path: "
                            + ns.path() + " is not a " + ns.type() + " namespace");
                }
                joinFds.put(ns.type(), fd);
            }
            // connected before anything is made; the child inherits it and sends the pty master there
            int consoleFd = -1, relayFd = -1;
            if (terminal && foreground) {
                // run in the foreground: the master comes back to us over a socketpair (TtyRelay),
                // the pty starts with our terminal's size
                config = config.withProcess(dev.jrunc.runtime.console.TtyRelay.withCallerSize(config.process()));
                int[] pair = dev.jrunc.runtime.console.TtyRelay.pair(fds);
                relayFd = pair[0];
                consoleFd = pair[1];
            } else if (terminal) {
                consoleFd = dev.jrunc.runtime.console.ConsoleSocket.connect(req.consoleSocket());
                fds.add(consoleFd);
            }
            // SCMP_ACT_NOTIFY: the agent must be there before anything is made
            var seccompAgent = dev.jrunc.runtime.seccomp.SeccompListener.connect(
                    config.linux() == null ? null : config.linux().seccomp());
            if (seccompAgent != null) fds.add(seccompAgent.fd());
            dir = ContainerDir.create(root, req.id());
            try (AutoCloseable lock = dir.lock()) {
                Linux.mknod(dir.fifo().toString(), 0x1000 | 0622, 0);
                if (config.hooks() != null && !config.hooks().startContainer().isEmpty()) {
                    // the init waits on it, after start's handshake, while start runs startContainer hooks
                    Linux.mknod(dir.path().resolve(LaunchPlanner.HOOKS_FIFO).toString(), 0x1000 | 0600, 0);
                }
                Files.setPosixFilePermissions(dir.fifo(), java.nio.file.attribute.PosixFilePermissions.fromString("rw--w--w-"));
                long rootUid = hostIdOf(config.linux() == null ? null : config.linux().uidMappings(), 0);
                long rootGid = hostIdOf(config.linux() == null ? null : config.linux().gidMappings(), 0);
                if (rootUid > 0 || rootGid > 0) {
                    chown(dir.path(), rootUid, rootGid);
                    chown(dir.fifo(), rootUid, rootGid);
                }
                if (dev.jrunc.runtime.notify.NotifySocket.hostSocket() != null) {
                    // sd_notify proxy: ROOT/ID/notify bound at /run/notify; start binds the socket
                    config = dev.jrunc.runtime.notify.NotifySocket.prepare(config, dir.path());
                }
                cgroup = ContainerCgroups.create(config, req.id(), dir.path(), systemdCgroup, log);
                int stateFd = Linux.open(dir.path().toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
                fds.add(stateFd);
                int[] err = Linux.pipe2(O_CLOEXEC);
                int[] sync = Linux.pipe2(O_CLOEXEC);
                fds.add(err[0]);
                fds.add(err[1]);
                fds.add(sync[0]);
                fds.add(sync[1]);
                int scratch = scratchFd(fds, req.preserveFds());
                LaunchContext ctx = new LaunchContext(rootfs.toString(), exe, err[1], sync[0], sync[1], stateFd, scratch,
                        joinFds, req.noPivot(), req.preserveFds(), new ContainerCgroupProbe(probe, cgroup.dirs()));
                LaunchPlan lp = LaunchPlanner.plan(config, ctx, consoleFd);
                String failAt = System.getenv(FAIL_STEP_ENV);
                if (failAt != null) lp = lp.failingAt(Integer.parseInt(failAt));
                if (log.debugEnabled()) log.debug("launch plan for " + req.id() + ":\n" + lp.render());
                try (PlanCompiler.Compiled compiled = PlanCompiler.compile(lp, err[1])) {
                    Plan plan = compiled.plan();
                    Integer pidNs = joinFds.get("pid");
                    pid = PidNamespaceLaunch.launch(CloneSpec.fork().withFlags(lp.cloneFlags()), plan, err[1],
                            pidNs == null ? -1 : pidNs);
                    closeFd(fds, err[1]);
                    closeFd(fds, sync[0]);
                    if ((lp.cloneFlags() & Namespaces.CLONE_NEWUSER) != 0) writeIdMaps(pid, config);
                    if (config.linux() != null && !config.linux().timeOffsets().isEmpty()) {
                        StringBuilder off = new StringBuilder();
                        config.linux().timeOffsets().forEach((clock, o) ->
                                off.append(clock).append(' ').append(o.secs()).append(' ').append(o.nanosecs()).append('\n'));
                        ProcFiles.writeSmall("/proc/" + pid + "/timens_offsets", off.toString());
                    }
                    if (config.process().oomScoreAdj() != null) {
                        ProcFiles.writeSmall("/proc/" + pid + "/oom_score_adj", config.process().oomScoreAdj().toString());
                    }
                    try {
                        cgroup.join(pid); // before it runs anything of the user's
                    } catch (JruncException e) {
                        throw childFailedFirst(e, false, pid, err[0], plan, compiled, lp);
                    }
                    runCreateHooks(config, req.id(), bundle, rootfs, pid);
                    try {
                        Linux.writeFully(sync[1], new byte[] {1});
                    } catch (LinuxException e) {
                        throw childFailedFirst(new JruncException(e.getMessage(), e), e.errno() == Errno.EPIPE, pid,
                                err[0], plan, compiled, lp);
                    }
                    if (config.hooks() != null && !config.hooks().createContainer().isEmpty()) {
                        // the child stops again after its mounts, before pivot_root (LaunchPlanner)
                        PlanRecord at = PlanRecord.read(err[0], plan);
                        if (at instanceof PlanFailure f) throw new JruncException(compiled.message(lp, f));
                        if (!(at instanceof PlanReport r && r.code() == PlanCompiler.HOOKS)) {
                            throw new JruncException("container init exited before its createContainer hooks"
                                    + exitDescription(pid));
                        }
                        hooks().runAll(HookRunner.Kind.CREATE_CONTAINER, config.hooks().createContainer(),
                                hookState(config, req.id(), bundle, rootfs, pid, "created"),
                                new HookRunner.Target(pid));
                        Linux.writeFully(sync[1], new byte[] {1});
                    }
                    if (seccompAgent != null) {
                        // the child installed its filter and waits: hand the listener to the agent
                        PlanRecord at = PlanRecord.read(err[0], plan);
                        if (at instanceof PlanFailure f) throw new JruncException(compiled.message(lp, f));
                        if (!(at instanceof PlanReport r && r.code() == PlanCompiler.SECCOMP)) {
                            throw new JruncException("container init exited before its seccomp listener was sent"
                                    + exitDescription(pid));
                        }
                        seccompAgent.deliver(pid, hookState(config, req.id(), bundle, rootfs, pid, "creating"));
                        closeFd(fds, seccompAgent.fd());
                        Linux.writeFully(sync[1], new byte[] {1});
                    }
                    closeFd(fds, sync[1]);
                    PlanRecord rec = PlanRecord.read(err[0], plan);
                    // instanceof, not a pattern switch (its run-time bootstrap costs each create)
                    if (rec instanceof PlanFailure f) throw new JruncException(compiled.message(lp, f));
                    if (rec == null) {
                        throw new JruncException("container init exited before it was ready" + exitDescription(pid));
                    }
                    if (!(rec instanceof PlanReport r) || r.code() != PlanCompiler.READY) {
                        throw new JruncException("unexpected report from init: " + rec);
                    }
                    // sent before READY; kept open past this method for run's relay
                    if (relayFd >= 0) ptyMaster = dev.jrunc.runtime.console.TtyRelay.receiveMaster(relayFd);
                }
                InitProcess init = InitProcess.of(pid);
                dir.writeInit(init);
                if (HooksFile.needed(config.hooks())) {
                    Files.write(dir.path().resolve(HooksFile.NAME), HooksFile.write(config.hooks()));
                }
                Map<String, String> ann = config.annotations() == null ? Map.of() : config.annotations();
                dir.writeState(new State(config.ociVersion(), req.id(), "created", pid, bundle.toString(),
                        rootfs.toString(), Instant.now(), "", ann));
                if (req.pidFile() != null) {
                    Path pf = Path.of(req.pidFile()).toAbsolutePath();
                    ContainerDir.writeAtomically(pf, Integer.toString(pid));
                }
                done = true;
                return pid;
            }
        } catch (JruncException e) {
            throw e;
        } catch (LinuxException e) {
            throw new JruncException(e.getMessage(), e);
        } catch (Exception e) {
            throw new JruncException("create: " + e.getMessage(), e);
        } finally {
            for (int fd : fds) Linux.closeQuietly(fd);
            if (!done) {
                if (ptyMaster >= 0) Linux.closeQuietly(ptyMaster);
                ptyMaster = -1;
                if (pid > 0) killAndReap(pid);
                if (cgroup != null) ContainerCgroups.destroyQuietly(cgroup);
                if (dir != null) dir.destroy();
            }
        }
    }

    /**
     * Host-side work at the sync point failed: if the child had already failed a step
     * (it exits, so the sync write gets EPIPE), that failure is the one to report.
     * {@code dying}: the child is known to be exiting, so waiting for it cannot hang.
     */
    private static JruncException childFailedFirst(JruncException e, boolean dying, int pid, int errFd, Plan plan,
            PlanCompiler.Compiled compiled, LaunchPlan lp) {
        final int P_PID = 1, WEXITED = 4, WNOHANG = 1, WNOWAIT = 0x01000000;
        try {
            WaitResult w = Linux.waitid(P_PID, pid, WEXITED | WNOWAIT | (dying ? 0 : WNOHANG));
            if (w == null || w.pid() == 0) return e; // still waiting on us: ours is the failure
            return PlanRecord.read(errFd, plan) instanceof PlanFailure f ? new JruncException(compiled.message(lp, f)) : e;
        } catch (RuntimeException x) {
            return e;
        }
    }

    /**
     * A fd number for the child's mount targets that no fd it opens can take: the
     * kernel hands out the lowest free number, so the highest allowed one.
     */
    private static int scratchFd(List<Integer> fds, int preserveFds) {
        long soft = dev.jrunc.linux.Rlimits.get(0, dev.jrunc.linux.Rlimits.RLIMIT_NOFILE).soft();
        int top = soft < 0 || soft > 65536 ? 65535 : (int) soft - 1;
        int used = fds.stream().max(Integer::compare).orElse(3);
        if (top <= Math.max(used, 2 + preserveFds) + 16) {
            throw new LinuxException("choosing a scratch fd (RLIMIT_NOFILE " + soft + ")", Errno.EMFILE);
        }
        return top;
    }

    private HookRunner hookRunner;

    private HookRunner hooks() {
        if (hookRunner == null) hookRunner = new HookRunner(log);
        return hookRunner;
    }

    /** prestart (deprecated) then createRuntime: in the runtime's namespaces, while the init waits at its sync point. */
    private void runCreateHooks(Config config, String id, Path bundle, Path rootfs, int pid) throws JruncException {
        var h = config.hooks();
        if (h == null || (h.prestart().isEmpty() && h.createRuntime().isEmpty())) return;
        String state = hookState(config, id, bundle, rootfs, pid, "created");
        hooks().runAll(HookRunner.Kind.PRESTART, h.prestart(), state, null);
        hooks().runAll(HookRunner.Kind.CREATE_RUNTIME, h.createRuntime(), state, null);
    }

    private static String hookState(Config config, String id, Path bundle, Path rootfs, int pid, String status) {
        Map<String, String> ann = config.annotations() == null ? Map.of() : config.annotations();
        return StateJson.write(new State(config.ociVersion(), id, status, pid, bundle.toString(), rootfs.toString(),
                Instant.now(), "", ann), false);
    }

    private static String hookState(State s, String status, int pid) {
        return StateJson.write(new State(s.ociVersion(), s.id(), status, pid, s.bundle(), s.rootfs(), s.created(),
                s.owner(), s.annotations()), false);
    }

    /**
     * LISTEN_FDS of jrunc's own environment when LISTEN_PID names this process (the
     * launcher execs the JVM, so the pid is the one systemd started); else 0.
     */
    private static int listenFds() {
        String v = System.getenv("LISTEN_FDS");
        String forPid = System.getenv("LISTEN_PID");
        if (v == null || forPid == null) return 0;
        try {
            if (Long.parseLong(forPid.trim()) != ProcessHandle.current().pid()) return 0;
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Config withEnv(Config c, String... more) {
        var p = c.process();
        List<String> env = new ArrayList<>(p.env() == null ? List.of() : p.env());
        env.addAll(List.of(more));
        return c.withProcess(p.withEnv(List.copyOf(env)));
    }


    private static void writeIdMaps(int pid, Config config) {
        ProcFiles.writeSmall("/proc/" + pid + "/uid_map", idMap(config.linux().uidMappings()));
        ProcFiles.writeSmall("/proc/" + pid + "/gid_map", idMap(config.linux().gidMappings()));
    }

    private static String idMap(List<IdMapping> m) {
        StringBuilder sb = new StringBuilder();
        if (m != null) for (IdMapping e : m) sb.append(e.containerID()).append(' ').append(e.hostID()).append(' ').append(e.size()).append('\n');
        return sb.toString();
    }

    private static long hostIdOf(List<IdMapping> m, long containerId) {
        if (m == null) return -1;
        for (IdMapping e : m) {
            if (containerId >= e.containerID() && containerId < e.containerID() + e.size()) {
                return e.hostID() + containerId - e.containerID();
            }
        }
        return -1;
    }

    private static void chown(Path p, long uid, long gid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocateFrom(p.toString());
            Syscalls.call("chown " + p, SysNr.fchownat, -100, s.address(), uid < 0 ? -1 : uid, gid < 0 ? -1 : gid, 0, 0);
        }
    }

    private static List<Namespace> namespaces(Config c) {
        return c.linux() == null || c.linux().namespaces() == null ? List.of() : c.linux().namespaces();
    }

    private static void closeFd(List<Integer> fds, int fd) {
        Linux.closeQuietly(fd);
        fds.remove(Integer.valueOf(fd));
    }

    private static String exitDescription(int pid) {
        try {
            WaitResult w = Linux.wait4(pid, 1 /* WNOHANG */);
            if (w == null || w.pid() == 0) return "";
            return " (" + (w.exited() ? "exit status " + w.status() : "signal " + w.status()) + ")";
        } catch (LinuxException e) {
            return "";
        }
    }

    private static void killAndReap(int pid) {
        try {
            Linux.kill(pid, SIGKILL);
            Linux.wait4(pid, 0);
        } catch (LinuxException ignored) {
            // already gone or not our child
        }
    }

    // ----------------------------------------------------------------- start

    /** The exec.fifo handshake: returns once the init has exec'd the user process. */
    public void start(String id) throws JruncException {
        start(id, 0);
    }

    /**
     * {@link #start(String)}; then, with NOTIFY_SOCKET set and a container created with it,
     * waits (without the container's lock) for the process's READY and forwards it with
     * {@code MAINPID=mainPid}, or the init's pid when {@code mainPid} is 0 (runc's rule: a
     * foreground {@code run} reports its own pid, and a failure to forward is only a warning there).
     */
    public void start(String id, long mainPid) throws JruncException {
        String host = dev.jrunc.runtime.notify.NotifySocket.hostSocket();
        dev.jrunc.runtime.notify.NotifySocket[] notify = new dev.jrunc.runtime.notify.NotifySocket[1];
        InitProcess init;
        try {
            init = handshake(id, host != null, notify);
        } catch (JruncException | RuntimeException e) {
            if (notify[0] != null) notify[0].close();
            throw e;
        }
        if (notify[0] == null) return;
        try (dev.jrunc.runtime.notify.NotifySocket n = notify[0]) {
            int pidfd;
            try {
                pidfd = Pidfd.open(init.pid(), 0);
            } catch (LinuxException e) {
                return; // exited already: nothing will be ready
            }
            try {
                String ready = n.awaitReady(pidfd);
                if (ready != null) {
                    dev.jrunc.runtime.notify.NotifySocket.notifyHost(host, ready, mainPid > 0 ? mainPid : init.pid(), log);
                }
            } catch (JruncException | LinuxException e) {
                // start fails (the container runs on), as runc's; a foreground run only warns
                if (mainPid <= 0) throw e instanceof JruncException j ? j : new JruncException(e.getMessage(), e);
                log.warn(e.getMessage());
            } finally {
                Linux.closeQuietly(pidfd);
            }
        }
    }

    private InitProcess handshake(String id, boolean notifyWanted, dev.jrunc.runtime.notify.NotifySocket[] notify)
            throws JruncException {
        ContainerDir dir = ContainerDir.open(root, id);
        try (AutoCloseable lock = dir.lock()) {
            switch (dir.status()) {
                case CREATED -> { }
                case STOPPED -> throw new JruncException("cannot start a container that has stopped");
                case RUNNING, PAUSED -> throw new JruncException("cannot start an already running container");
                case CREATING -> throw new JruncException("cannot start a container in the creating state");
            }
            InitProcess init = dir.readInit();
            var stored = HooksFile.read(dir.path());
            if (notifyWanted && dev.jrunc.runtime.notify.NotifySocket.prepared(dir.path())) {
                // bound before the user program runs, so its first sd_notify finds it
                notify[0] = dev.jrunc.runtime.notify.NotifySocket.bind(dir.path());
            }
            int pidfd = pidfdOf(init);
            int fifo;
            try {
                fifo = Linux.open(dir.fifo().toString(), O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
            } catch (LinuxException e) {
                Linux.closeQuietly(pidfd);
                throw e;
            }
            try {
                // first the init's "0", written once it has the fifo open; then EOF, at its execve
                if (!waitFifo(fifo, pidfd, POLLIN) || Linux.read(fifo, new byte[1], 0, 1) != 1) {
                    throw new JruncException("container init exited before start");
                }
                if (stored != null && !stored.startContainer().isEmpty()) {
                    runStartContainerHooks(dir, init, pidfd, stored);
                }
                waitFifo(fifo, pidfd, POLLHUP);
            } finally {
                Linux.closeQuietly(fifo);
                Linux.closeQuietly(pidfd);
            }
            Files.deleteIfExists(dir.fifo());
            if (stored != null && !stored.poststart().isEmpty()) {
                State s = dir.readState();
                hooks().runAll(HookRunner.Kind.POSTSTART, stored.poststart(), hookState(s, "running", init.pid()), null);
            }
            return init;
        } catch (JruncException e) {
            throw e;
        } catch (Exception e) {
            throw new JruncException("start: " + e.getMessage(), e);
        }
    }

    /**
     * startContainer hooks, in the container's namespaces after its pivot_root, while the init
     * waits on hooks.fifo (after its exec.fifo handshake, before execve); then one byte lets it
     * go on. A failing hook kills the init.
     */
    private void runStartContainerHooks(ContainerDir dir, InitProcess init, int pidfd,
                                        dev.jrunc.spec.config.Hooks stored) throws JruncException {
        try {
            State s = dir.readState();
            hooks().runAll(HookRunner.Kind.START_CONTAINER, stored.startContainer(), hookState(s, "created", init.pid()),
                    new HookRunner.Target(init.pid()));
        } catch (JruncException e) {
            killAndWait(init);
            throw e;
        }
        String fifo = dir.path().resolve(LaunchPlanner.HOOKS_FIFO).toString();
        int fd = -1;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(8, 8);
            while (fd < 0) {
                try {
                    fd = Linux.open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
                } catch (LinuxException e) {
                    if (e.errno() != Errno.ENXIO) throw e;
                    // no reader yet: the init opens it right after its "0"; stop if it died
                    p.set(ValueLayout.JAVA_INT, 0, pidfd);
                    p.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                    p.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                    if (Syscalls.raw(SysNr.poll, p.address(), 1, 10) > 0) {
                        throw new JruncException("container init exited before its startContainer hooks ran");
                    }
                }
            }
            Linux.writeFully(fd, new byte[] {1});
        } finally {
            Linux.closeQuietly(fd);
        }
        try {
            Files.deleteIfExists(dir.path().resolve(LaunchPlanner.HOOKS_FIFO));
        } catch (java.io.IOException ignored) {
            // removed with the directory
        }
    }

    /** Polls the fifo for {@code event}; false if the init exited first. */
    private static boolean waitFifo(int fifo, int pidfd, short event) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(16, 8);
            while (true) {
                fds.set(ValueLayout.JAVA_INT, 0, fifo);
                fds.set(ValueLayout.JAVA_SHORT, 4, (short) (POLLIN));
                fds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                fds.set(ValueLayout.JAVA_INT, 8, pidfd);
                fds.set(ValueLayout.JAVA_SHORT, 12, POLLIN);
                fds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
                long r = Syscalls.raw(SysNr.poll, fds.address(), 2, -1);
                if (r == -Errno.EINTR) continue;
                if (r < 0) throw new LinuxException("poll exec.fifo", (int) -r);
                short fifoEvents = fds.get(ValueLayout.JAVA_SHORT, 6);
                if ((fifoEvents & event) != 0) return true;
                if (event == POLLIN && (fifoEvents & POLLHUP) != 0) return false;
                if (fds.get(ValueLayout.JAVA_SHORT, 14) != 0) return event == POLLHUP;
            }
        }
    }

    /** A pidfd of the init, checked against its start time so that a reused pid is never signalled. */
    private static int pidfdOf(InitProcess init) throws JruncException {
        int pidfd;
        try {
            pidfd = Pidfd.open(init.pid(), 0);
        } catch (LinuxException e) {
            throw new JruncException("container not running");
        }
        if (!init.alive()) {
            Linux.closeQuietly(pidfd);
            throw new JruncException("container not running");
        }
        return pidfd;
    }

    // ------------------------------------------------------------ state, kill

    /** The state document with the status derived now. */
    public State state(String id) throws JruncException {
        ContainerDir dir = ContainerDir.open(root, id);
        State s = dir.readState();
        ContainerStatus status = dir.status();
        if (s == null) {
            return new State("1.2.0", id, status.json(), 0, "", "", Instant.now(), "", Map.of());
        }
        int pid = status == ContainerStatus.STOPPED ? 0 : s.pid();
        return new State(s.ociVersion(), s.id(), status.json(), pid, s.bundle(), s.rootfs(), s.created(), s.owner(),
                s.annotations());
    }

    public List<State> list() throws JruncException {
        List<State> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (var ds = Files.newDirectoryStream(root)) {
            List<String> ids = new ArrayList<>();
            for (Path p : ds) if (Files.isDirectory(p)) ids.add(p.getFileName().toString());
            ids.sort(null);
            for (String id : ids) {
                try {
                    out.add(state(id));
                } catch (JruncException ignored) {
                    // removed meanwhile
                }
            }
        } catch (java.io.IOException e) {
            throw new JruncException("reading " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    public void kill(String id, int signal, boolean all) throws JruncException {
        ContainerDir dir = ContainerDir.open(root, id);
        try (AutoCloseable lock = dir.lock()) {
            ContainerStatus st = dir.status();
            if (st == ContainerStatus.STOPPED || st == ContainerStatus.CREATING) {
                throw new JruncException("container not running");
            }
            if (all) {
                ContainerCgroups.signalAll(dir.path(), signal);
                return;
            }
            int pidfd = pidfdOf(dir.readInit());
            try {
                Pidfd.sendSignal(pidfd, signal);
            } finally {
                Linux.closeQuietly(pidfd);
            }
        } catch (JruncException e) {
            throw e;
        } catch (LinuxException e) {
            if (e.errno() == Errno.ESRCH) throw new JruncException("container not running");
            throw new JruncException(e.getMessage(), e);
        } catch (Exception e) {
            throw new JruncException("kill: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- delete

    public void delete(String id, boolean force) throws JruncException {
        ContainerDir dir;
        try {
            dir = ContainerDir.open(root, id);
        } catch (dev.jrunc.runtime.ContainerNotFoundException e) {
            if (force) return;
            throw e;
        }
        try (AutoCloseable lock = dir.lock()) {
            ContainerStatus st = dir.status();
            if ((st == ContainerStatus.RUNNING || st == ContainerStatus.PAUSED) && !force) {
                throw new JruncException("cannot delete container " + id + " that is not stopped: " + st.json());
            }
            if (st == ContainerStatus.RUNNING || st == ContainerStatus.PAUSED || st == ContainerStatus.CREATED) {
                if (st == ContainerStatus.PAUSED) ContainerCgroups.thawForKill(dir.path());
                killAndWait(dir.readInit());
            }
            ContainerCgroups.remove(dir.path());
            var stored = HooksFile.read(dir.path());
            State s = stored == null || stored.poststop().isEmpty() ? null : dir.readState();
            dir.destroy();
            if (s != null) {
                // failures are warnings, and every poststop hook runs
                hooks().runAll(HookRunner.Kind.POSTSTOP, stored.poststop(), hookState(s, "stopped", 0), null);
            }
        } catch (dev.jrunc.runtime.ContainerNotFoundException e) {
            if (!force) throw e;
        } catch (JruncException e) {
            throw e;
        } catch (Exception e) {
            throw new JruncException("delete: " + e.getMessage(), e);
        }
    }

    /** SIGKILL through a pidfd and wait until the init is gone (a zombie counts as gone). */
    private static void killAndWait(InitProcess init) throws JruncException {
        int pidfd;
        try {
            pidfd = Pidfd.open(init.pid(), 0);
        } catch (LinuxException e) {
            return; // already gone
        }
        try {
            if (!init.alive()) return;
            try {
                Pidfd.sendSignal(pidfd, SIGKILL);
            } catch (LinuxException e) {
                return;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocate(8, 8);
                p.set(ValueLayout.JAVA_INT, 0, pidfd);
                p.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                for (int i = 0; i < 100; i++) {
                    long r = Syscalls.raw(SysNr.poll, p.address(), 1, 100);
                    if (r > 0 || InitProcess.startTimeOf(init.pid()) != init.startTime()) return;
                }
            }
            throw new JruncException("container init " + init.pid() + " did not die after SIGKILL");
        } finally {
            Linux.closeQuietly(pidfd);
        }
    }

    // ------------------------------------------------------------------- run

    /**
     * Waits for {@code pid}, which must be this process's child (run's init, exec's process).
     * Returns a shell-style status.
     */
    public static int waitFor(int pid) {
        while (true) {
            try {
                WaitResult w = Linux.wait4(pid, 0);
                return w.shellExitCode();
            } catch (LinuxException e) {
                if (e.errno() == Errno.EINTR) continue;
                return 255;
            }
        }
    }
}
