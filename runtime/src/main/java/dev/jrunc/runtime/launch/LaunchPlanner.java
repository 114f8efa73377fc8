package dev.jrunc.runtime.launch;

import static dev.jrunc.runtime.launch.Abi.*;

import dev.jrunc.linux.SysNr;
import dev.jrunc.spec.LinuxNames;
import dev.jrunc.spec.config.Capabilities;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Device;
import dev.jrunc.spec.config.Linux;
import dev.jrunc.spec.config.Mount;
import dev.jrunc.spec.config.Namespace;
import dev.jrunc.spec.config.Rlimit;
import dev.jrunc.spec.config.User;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a config into the steps the trampoline child runs to become the
 * container's init. Pure: no file system access, no side effects; what it must know
 * about the host comes from {@link LaunchContext#probe()}.
 *
 * <p>Every path inside the rootfs is reached through {@code openat2(RESOLVE_IN_ROOT)}
 * from an fd of the rootfs, so a symlink in the image never leads out of it; mount
 * targets are then named as {@code /proc/self/fd/N}.
 */
public final class LaunchPlanner {

    /** Mount targets are named through this magic link to an fd resolved inside the rootfs. */
    static final String PROC_FD = "/proc/self/fd/";

    /** In the state directory: the init waits on it for start's startContainer hooks (only when there are some). */
    public static final String HOOKS_FIFO = "hooks.fifo";

    private final Config config;
    private final LaunchContext ctx;
    private final List<Step> steps = new ArrayList<>();
    private int rootFd = -1;

    private LaunchPlanner(Config config, LaunchContext ctx) {
        this.config = config;
        this.ctx = ctx;
    }

    public static LaunchPlan plan(Config config, LaunchContext ctx) {
        return new LaunchPlanner(config, ctx).build();
    }

    /**
     * With {@code process.terminal}: {@code consoleFd} is the console socket the JVM connected
     * (inherited by the child); the plan opens a pty and sends its master there
     * ({@link TerminalSteps}).
     */
    public static LaunchPlan plan(Config config, LaunchContext ctx, int consoleFd) {
        LaunchPlanner p = new LaunchPlanner(config, ctx);
        p.consoleFd = consoleFd;
        return p.build();
    }

    /** The console socket's fd when the process gets a terminal, else -1. */
    private int consoleFd = -1;

    /** Emits the terminal steps once: after pivot_root, or first thing in {@link #finish} without a mount namespace. */
    private void terminal(boolean bindConsole) {
        if (consoleFd < 0) return;
        var process = config.process();
        long uid = process.user() == null ? 0 : process.user().uid();
        TerminalSteps.emit(steps, consoleFd, ctx.scratchFd(), process.consoleSize(), uid, bindConsole);
        consoleFd = -1;
    }

    /**
     * The plan of a process exec'd into a running container ({@code jrunc exec}): the child is
     * forked by the JVM (from a thread that joined the container's pid namespace), waits while
     * the JVM places it in the container's cgroup, joins the namespaces of {@code ctx.joinFds()}
     * (user first), resolves its cwd inside the container's root, takes on the process's limits,
     * confinement and identity, the container's seccomp filter last, and execs. {@code config}
     * is the container's, with the exec'd process as its process; no READY, no state directory.
     */
    public static LaunchPlan planExec(Config config, LaunchContext ctx) {
        LaunchPlanner p = new LaunchPlanner(config, ctx);
        p.sysctlsWritten = true; // the container's sysctls were written by its init
        return p.buildExec();
    }

    /**
     * {@link #planExec} with a terminal: {@code consoleFd} is the connected console socket and
     * {@code ctx.scratchFd()} a free fd number (the pty lives just below it until it is stdio).
     */
    public static LaunchPlan planExec(Config config, LaunchContext ctx, int consoleFd) {
        if (consoleFd >= 0 && ctx.scratchFd() < 8) throw new IllegalArgumentException("a terminal needs a scratch fd");
        LaunchPlanner p = new LaunchPlanner(config, ctx);
        p.sysctlsWritten = true; // the container's sysctls were written by its init
        p.consoleFd = consoleFd;
        return p.buildExec();
    }

    private LaunchPlan buildExec() {
        var process = config.process();
        steps.add(Step.directive("reset_signals", "resetting the signal mask and dispositions"));
        // as for the init: no process of the container may open /proc/PID/exe (the host's java) until execve
        add("prctl", SysNr.prctl, List.of(Arg.flags(PR_SET_DUMPABLE, "PR_SET_DUMPABLE"), Arg.num(0), Arg.num(0),
                Arg.num(0), Arg.num(0)), 0, "making the process non-dumpable until exec");
        add("close", SysNr.close, List.of(Arg.num(ctx.syncWriteFd())), 0, "closing the runtime's end of the sync pipe");
        steps.add(Step.directive("sync", "waiting for the runtime (cgroup placement)", Arg.num(ctx.syncFd())));
        joinNamespaces();
        // setns(mount) leaves / and the cwd at the container's root; without one, the host's /
        add("chdir", SysNr.chdir, List.of(Arg.str("/")), 0, "changing to /");
        changeToWorkingDirectory(process.cwd() == null || process.cwd().isEmpty() ? "/" : process.cwd());
        terminal(false); // in the container's mount namespace: its /dev/ptmx; no /dev/console for exec (as runc)
        becomeUser(process);
        execSteps(process);
        return new LaunchPlan(0, steps, -1);
    }

    /**
     * The end of every plan, create's and exec's: the preserved fds kept, the late
     * seccomp filter, every other fd close-on-exec, execve.
     */
    private void execSteps(dev.jrunc.spec.config.Process process) {
        for (int fd = 3; fd < 3 + ctx.preserveFds(); fd++) {
            add("fcntl", SysNr.fcntl, List.of(Arg.num(fd), Arg.flags(2, "F_SETFD"), Arg.num(0)), 0,
                    "keeping fd " + fd + " open");
        }
        installSeccomp(process, true);
        long first = 3L + ctx.preserveFds();
        add("close_range", SysNr.close_range, List.of(Arg.num(first), Arg.flags(0xffffffffL, "~0U"),
                Arg.flags(CLOSE_RANGE_CLOEXEC, "CLOSE_RANGE_CLOEXEC")), 0, "closing every other fd at exec");
        List<String> env = process.env() == null ? List.of() : process.env();
        add("execve", SysNr.execve, List.of(Arg.str(ctx.executable()), new Arg.StrArray(process.args()),
                new Arg.StrArray(env)), 0, "executing " + ctx.executable());
    }

    // ------------------------------------------------------------------ plan

    private LaunchPlan build() {
        Linux linux = config.linux();
        List<Namespace> namespaces = linux == null || linux.namespaces() == null ? List.of() : linux.namespaces();
        long cloneFlags = 0;
        boolean newUser = false, newMount = false, newCgroup = false, newUts = false, newTime = false;
        for (Namespace ns : namespaces) {
            boolean create = ns.path() == null || ns.path().isEmpty();
            if (!create) continue;
            switch (ns.type()) {
                case "cgroup" -> newCgroup = true; // unshared after cgroup placement
                case "time" -> newTime = true;     // unshared, so the JVM can still write its offsets
                default -> cloneFlags |= Namespaces.cloneFlag(ns.type());
            }
            if (ns.type().equals("user")) newUser = true;
            if (ns.type().equals("mount")) newMount = true;
            if (ns.type().equals("uts")) newUts = true;
        }

        // a signal before this would run a JVM handler in the child: reset them first
        steps.add(Step.directive("reset_signals", "resetting the signal mask and dispositions"));
        // until execve resets it, no process of the container may open /proc/PID/exe (the
        // host's java binary) or /proc/PID/fd (host fds) of this one: CVE-2019-5736, -2016-9962
        add("prctl", SysNr.prctl, List.of(Arg.flags(PR_SET_DUMPABLE, "PR_SET_DUMPABLE"), Arg.num(0), Arg.num(0),
                Arg.num(0), Arg.num(0)), 0, "making the init non-dumpable until exec");
        add("close", SysNr.close, List.of(Arg.num(ctx.syncWriteFd())), 0, "closing the runtime's end of the sync pipe");
        add("umask", SysNr.umask, List.of(Arg.flags(0, "0")), 0, "clearing the umask for device nodes");
        joinNamespaces();

        // The JVM writes id maps and places the child in its cgroups meanwhile.
        if (newTime) {
            // the child stays in the caller's time namespace; execve moves it into the new one,
            // whose offsets the JVM writes meanwhile (they are frozen once a process is inside)
            add("unshare", SysNr.unshare, List.of(Arg.flags(CLONE_NEWTIME, "CLONE_NEWTIME")), 0,
                    "creating the time namespace");
        }
        steps.add(Step.directive("sync", "waiting for the runtime (id maps, cgroups, time offsets)",
                Arg.num(ctx.syncFd())));
        if (newUser) {
            add("setresgid", SysNr.setresgid, List.of(Arg.num(0), Arg.num(0), Arg.num(0)), 0,
                    "becoming root in the user namespace (gid)");
            add("setresuid", SysNr.setresuid, List.of(Arg.num(0), Arg.num(0), Arg.num(0)), 0,
                    "becoming root in the user namespace (uid)");
        }
        if (newCgroup) {
            add("unshare", SysNr.unshare, List.of(Arg.flags(CLONE_NEWCGROUP, "CLONE_NEWCGROUP")), 0,
                    "creating the cgroup namespace");
        }
        if (config.hostname() != null && !config.hostname().isEmpty()) {
            add("sethostname", SysNr.sethostname, List.of(Arg.str(config.hostname()),
                    Arg.num(utf8Length(config.hostname()))), 0, "setting hostname " + config.hostname());
        }
        if (config.domainname() != null && !config.domainname().isEmpty()) {
            add("setdomainname", SysNr.setdomainname, List.of(Arg.str(config.domainname()),
                    Arg.num(utf8Length(config.domainname()))), 0, "setting domainname " + config.domainname());
        }
        if (newMount || ctx.joinFds().containsKey("mount")) {
            setUpRootfs(newUser);
        } else {
            createContainerHooksPoint();
        }
        // without a mount namespace the container shares the host's mounts: no rootfs setup
        return finish(cloneFlags);
    }

    private void joinNamespaces() {
        // user first: the namespaces joined after it are then owned by it
        for (String type : List.of("user", "mount", "network", "ipc", "uts", "cgroup", "time")) {
            Integer fd = ctx.joinFds().get(type);
            if (fd == null) continue;
            long flag = Namespaces.cloneFlag(type);
            add("setns", SysNr.setns, List.of(Arg.num(fd), Arg.flags(flag, Namespaces.describeCloneFlags(flag))), 0,
                    "joining the " + type + " namespace");
        }
    }

    // ---------------------------------------------------------------- rootfs

    private void setUpRootfs(boolean newUser) {
        String rootfs = ctx.rootfs();
        Linux linux = config.linux();
        // nothing we mount may propagate back to the host
        add("mount", SysNr.mount, List.of(Arg.NULL, Arg.str("/"), Arg.NULL,
                Arg.flags(MS_SLAVE | MS_REC, "MS_REC|MS_SLAVE"), Arg.NULL), 0, "making / a recursive slave");
        add("mount", SysNr.mount, List.of(Arg.str(rootfs), Arg.str(rootfs), Arg.str("bind"),
                Arg.flags(MS_BIND | MS_REC, "MS_BIND|MS_REC"), Arg.NULL), 0, "bind-mounting the rootfs " + rootfs);
        rootFd = add("open", SysNr.open, List.of(Arg.str(rootfs),
                Arg.flags(O_PATH | O_DIRECTORY | O_CLOEXEC, "O_PATH|O_DIRECTORY|O_CLOEXEC"), Arg.num(0)), 0,
                "opening the rootfs");

        boolean devIsFresh = false;
        List<Mount> mounts = config.mounts() == null ? List.of() : config.mounts();
        for (Mount m : mounts) {
            mountOne(m, newUser);
            if ("/dev".equals(clean(m.destination())) && !MountOptions.parse(m.options()).bind()) devIsFresh = true;
        }
        createDevices(devIsFresh, newUser);

        String cwd = config.process() != null && config.process().cwd() != null ? config.process().cwd() : "/";
        if (!cwd.equals("/")) mkdirAll(clean(cwd), "creating the working directory " + cwd);

        createContainerHooksPoint();
        pivot();
        terminal(true); // in the container's devpts, before its masks (runc's order)
        writeSysctls(); // before /proc/sys is made read-only, as runc does

        if (linux != null && linux.maskedPaths() != null) {
            for (String p : linux.maskedPaths()) {
                if (ctx.probe().maskedPathIsDirectory(rootfs, p)) {
                    String label = withMountLabel(null);
                    add("mount", SysNr.mount, List.of(Arg.str("tmpfs"), Arg.str(p), Arg.str("tmpfs"),
                            Arg.flags(MS_RDONLY, "MS_RDONLY"), label == null ? Arg.NULL : Arg.str(label)), ENOENT,
                            "masking " + p);
                } else {
                    maskWithDevNull(p);
                }
            }
        }
        if (linux != null && linux.readonlyPaths() != null) {
            for (String p : linux.readonlyPaths()) {
                add("mount", SysNr.mount, List.of(Arg.str(p), Arg.str(p), Arg.NULL,
                        Arg.flags(MS_BIND | MS_REC, "MS_BIND|MS_REC"), Arg.NULL), ENOENT,
                        "bind-mounting read-only path " + p);
                long f = MS_BIND | MS_REMOUNT | MS_RDONLY | lockedFlagsAt(p);
                add("mount", SysNr.mount, List.of(Arg.NULL, Arg.str(p), Arg.NULL,
                        Arg.flags(f, MountOptions.describe(f)), Arg.NULL), ENOENT, "making " + p + " read-only");
            }
        }
        if (linux != null && linux.rootfsPropagation() != null && !linux.rootfsPropagation().isEmpty()) {
            long prop = MountOptions.parse(List.of(linux.rootfsPropagation())).propagation();
            add("mount", SysNr.mount, List.of(Arg.NULL, Arg.str("/"), Arg.NULL,
                    Arg.flags(prop, MountOptions.describe(prop)), Arg.NULL), 0,
                    "setting rootfs propagation " + linux.rootfsPropagation());
        }
        if (config.root() != null && config.root().readonly()) {
            long f = MS_BIND | MS_REMOUNT | MS_RDONLY;
            add("mount", SysNr.mount, List.of(Arg.NULL, Arg.str("/"), Arg.NULL,
                    Arg.flags(f, MountOptions.describe(f)), Arg.NULL), 0, "making the rootfs read-only");
        }
    }

    private void mountOne(Mount m, boolean newUser) {
        String dest = clean(m.destination());
        MountOptions o = MountOptions.parse(m.options());
        String type = m.type();
        if ("cgroup".equals(type) || "cgroup2".equals(type)) {
            mountCgroup(dest, o);
            return;
        }
        String source = m.source();
        boolean fileTarget = o.bind() && source != null && !ctx.probe().isDirectory(source);
        if (fileTarget) createFile(dest, "creating mount target " + dest);
        else mkdirAll(dest, "creating mount target " + dest);

        String what = o.bind() ? "bind-mounting " + source + " on " + dest
                : "mounting " + (type == null ? source : type) + " on " + dest;
        long flags = o.bind() ? o.mountFlags() & (MS_BIND | MS_REC) : o.mountFlags();
        String data = o.data().isEmpty() ? null : o.data();
        if (!o.bind() && !"proc".equals(type) && !"sysfs".equals(type) && !"mqueue".equals(type)) {
            data = withMountLabel(data); // the mounts runc labels (a bind ignores mount data)
        }
        mountAt(dest, Arg.str(source == null ? (type == null ? "none" : type) : source),
                o.bind() ? Arg.NULL : Arg.str(type), flags, data, 0, what);
        if ("mqueue".equals(type) && withMountLabel(null) != null) labelFile(dest);
        if (o.bindNeedsRemount()) {
            long f = MS_BIND | MS_REMOUNT | o.flags() | (o.recursiveBind() ? MS_REC : 0);
            mountAt(dest, Arg.NULL, Arg.NULL, f, null, 0, "remounting " + dest + " with its options");
        }
        if (o.propagation() != 0) {
            mountAt(dest, Arg.NULL, Arg.NULL, o.propagation(), null, 0, "setting propagation of " + dest);
        }
        if (o.attrSet() != 0 || o.attrClr() != 0) {
            int fd = openInRoot(dest, O_PATH | O_CLOEXEC, "opening " + dest);
            byte[] attr = le64(o.attrSet(), o.attrClr(), 0, 0);
            add("mount_setattr", SysNr.mount_setattr, List.of(Arg.result(fd), Arg.str(""),
                    Arg.flags(AT_EMPTY_PATH | AT_RECURSIVE, "AT_EMPTY_PATH|AT_RECURSIVE"),
                    new Arg.Bytes(attr, "{attr_set=0x" + Long.toHexString(o.attrSet()) + ", attr_clr=0x"
                            + Long.toHexString(o.attrClr()) + "}"), Arg.num(attr.length)), 0,
                    "applying recursive mount attributes to " + dest);
            close(fd);
        }
    }

    /**
     * The container's own cgroup of each host hierarchy, bind-mounted (a cgroup v1 mount is
     * refused in a user namespace without a cgroup namespace; a bind is not): on a pure v2
     * host the unified directory itself, otherwise a tmpfs holding one bind per hierarchy.
     * The sources come from {@link HostProbe#cgroupSource}.
     */
    private void mountCgroup(String dest, MountOptions o) {
        List<HostProbe.CgroupHierarchy> hierarchies = ctx.probe().cgroupHierarchies();
        long flags = o.flags() & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME | MS_NOATIME
                | MS_STRICTATIME);
        mkdirAll(dest, "creating mount target " + dest);
        if (hierarchies.size() == 1 && hierarchies.getFirst().name().isEmpty()) {
            bindCgroup(ctx.probe().cgroupSource(""), dest, flags);
            return;
        }
        mountAt(dest, Arg.str("tmpfs"), Arg.str("tmpfs"), flags & ~MS_RDONLY, "mode=755", 0,
                "mounting tmpfs on " + dest);
        for (HostProbe.CgroupHierarchy h : hierarchies) {
            String sub = dest + "/" + h.name();
            mkdirAll(sub, "creating mount target " + sub);
            bindCgroup(ctx.probe().cgroupSource(h.name()), sub, flags);
        }
        if ((flags & MS_RDONLY) != 0) {
            long f = MS_REMOUNT | flags;
            mountAt(dest, Arg.str("tmpfs"), Arg.str("tmpfs"), f, null, 0, "making " + dest + " read-only");
        }
    }

    private void bindCgroup(String source, String dest, long flags) {
        mountAt(dest, Arg.str(source), Arg.NULL, MS_BIND | MS_REC, null, 0,
                "bind-mounting cgroup " + source + " on " + dest);
        if (flags != 0) {
            long f = MS_BIND | MS_REMOUNT | flags;
            mountAt(dest, Arg.NULL, Arg.NULL, f, null, 0, "remounting " + dest + " with its options");
        }
    }

    private record DefaultDevice(String path, long major, long minor) {}

    private static final List<DefaultDevice> DEFAULT_DEVICES = List.of(
            new DefaultDevice("/dev/null", 1, 3), new DefaultDevice("/dev/zero", 1, 5),
            new DefaultDevice("/dev/full", 1, 7), new DefaultDevice("/dev/random", 1, 8),
            new DefaultDevice("/dev/urandom", 1, 9), new DefaultDevice("/dev/tty", 5, 0));

    private void createDevices(boolean devIsFresh, boolean newUser) {
        List<Device> configured = config.linux() == null || config.linux().devices() == null
                ? List.of() : config.linux().devices();
        List<Device> all = new ArrayList<>();
        if (devIsFresh) {
            for (DefaultDevice d : DEFAULT_DEVICES) {
                if (configured.stream().noneMatch(c -> clean(c.path()).equals(d.path()))) {
                    all.add(new Device("c", d.path(), d.major(), d.minor(), 0666L, 0L, 0L));
                }
            }
        }
        all.addAll(configured);
        for (Device d : all) {
            String path = clean(d.path());
            if (newUser) {
                // mknod is not allowed in a user namespace: bind the host's node
                createFile(path, "creating device target " + path);
                mountAt(path, Arg.str(path), Arg.NULL, MS_BIND, null, 0, "bind-mounting device " + path);
                continue;
            }
            String parent = parentOf(path);
            if (!parent.equals("/")) mkdirAll(parent, "creating " + parent);
            int dir = openInRoot(parent, O_PATH | O_DIRECTORY | O_CLOEXEC, "opening " + parent);
            long type = switch (d.type()) {
                case "b" -> S_IFBLK;
                case "p" -> S_IFIFO;
                default -> S_IFCHR;
            };
            long mode = d.fileMode() == null ? 0666 : d.fileMode() & 07777;
            long dev = type == S_IFIFO ? 0 : makedev(nz(d.major()), nz(d.minor()));
            String typeName = type == S_IFBLK ? "S_IFBLK" : type == S_IFIFO ? "S_IFIFO" : "S_IFCHR";
            add("mknodat", SysNr.mknodat, List.of(Arg.result(dir), Arg.str(nameOf(path)),
                    Arg.flags(type | mode, typeName + "|0" + Long.toOctalString(mode)),
                    Arg.flags(dev, "makedev(" + nz(d.major()) + ", " + nz(d.minor()) + ")")), EEXIST,
                    "creating device " + path);
            if (nz(d.uid()) != 0 || nz(d.gid()) != 0) {
                add("fchownat", SysNr.fchownat, List.of(Arg.result(dir), Arg.str(nameOf(path)), Arg.num(nz(d.uid())),
                        Arg.num(nz(d.gid())), Arg.flags(AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW")), 0,
                        "setting the owner of " + path);
            }
            close(dir);
        }
        if (devIsFresh) {
            int dev = openInRoot("/dev", O_PATH | O_DIRECTORY | O_CLOEXEC, "opening /dev");
            String[][] links = {{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
                    {"/proc/self/fd/2", "stderr"}, {"pts/ptmx", "ptmx"}};
            for (String[] l : links) {
                add("symlinkat", SysNr.symlinkat, List.of(Arg.str(l[0]), Arg.result(dev), Arg.str(l[1])), EEXIST,
                        "creating /dev/" + l[1]);
            }
            close(dev);
        }
    }

    private void pivot() {
        add("fchdir", SysNr.fchdir, List.of(Arg.result(rootFd)), 0, "entering the rootfs");
        if (ctx.noPivot()) {
            add("mount", SysNr.mount, List.of(Arg.str(ctx.rootfs()), Arg.str("/"), Arg.NULL,
                    Arg.flags(MS_MOVE, "MS_MOVE"), Arg.NULL), 0, "moving the rootfs onto /");
            add("chroot", SysNr.chroot, List.of(Arg.str(".")), 0, "changing root");
        } else {
            add("pivot_root", SysNr.pivot_root, List.of(Arg.str("."), Arg.str(".")), 0, "pivoting the root");
            // the old root is stacked under "."; detach it without telling the host
            add("mount", SysNr.mount, List.of(Arg.NULL, Arg.str("."), Arg.NULL,
                    Arg.flags(MS_SLAVE | MS_REC, "MS_REC|MS_SLAVE"), Arg.NULL), 0, "making the old root a slave");
            add("umount2", SysNr.umount2, List.of(Arg.str("."), Arg.flags(MNT_DETACH, "MNT_DETACH")), 0,
                    "detaching the old root");
        }
        add("chdir", SysNr.chdir, List.of(Arg.str("/")), 0, "changing to /");
        add("close", SysNr.close, List.of(Arg.result(rootFd)), 0, "closing the rootfs fd");
    }

    // -------------------------------------------------------------- process

    private LaunchPlan finish(long cloneFlags) {
        var process = config.process();
        String cwd = process.cwd() == null ? "/" : process.cwd();
        terminal(false);
        changeToWorkingDirectory(cwd);
        becomeUser(process);
        installNotifyingSeccompBeforeReady(process);

        steps.add(Step.directive("unmap_jvm", "unmapping the JVM"));
        // READY once the init is as small as it stays: the JVM may now write the state and
        // exit; the child waits for start
        int ready = add("write", SysNr.write, List.of(Arg.num(ctx.errFd()), new Arg.ReadyRecord(), Arg.num(8)), 0,
                "reporting ready");
        // the waiting init keeps only stdio, the preserved fds and the state directory:
        // none of the JVM's fds (its jar, the pipes) stays open while the container waits
        long lo = 3L + ctx.preserveFds();
        long state = ctx.stateDirFd();
        if (state >= lo) {
            if (state > lo) closeRange(lo, state - 1);
            lo = state + 1;
        }
        closeRange(lo, 0xffffffffL);
        int fifo = add("openat", SysNr.openat, List.of(Arg.num(ctx.stateDirFd()), Arg.str("exec.fifo"),
                Arg.flags(O_WRONLY | O_CLOEXEC, "O_WRONLY|O_CLOEXEC")), 0, "waiting for start on exec.fifo");
        add("write", SysNr.write, List.of(Arg.result(fifo), new Arg.Bytes(new byte[] {'0'}, "\"0\""), Arg.num(1)), 0,
                "acknowledging start");
        if (config.hooks() != null && !config.hooks().startContainer().isEmpty()) {
            // start runs the startContainer hooks in our namespaces, then writes a byte to hooks.fifo
            int hf = add("openat", SysNr.openat, List.of(Arg.num(ctx.stateDirFd()), Arg.str(HOOKS_FIFO),
                    Arg.flags(O_CLOEXEC, "O_RDONLY|O_CLOEXEC")), 0, "opening " + HOOKS_FIFO);
            // (not the scratch fd: RLIMIT_NOFILE of the config is already set)
            steps.add(Step.directive("sync", "waiting for the startContainer hooks", Arg.result(hf)));
            close(hf);
        }
        execSteps(process);
        return new LaunchPlan(cloneFlags, steps, ready);
    }

    /**
     * rlimits, the confinement that needs privileges, the bounding set, groups, gid, uid,
     * capabilities, no_new_privs and the umask: the same for a container's init and an exec'd process.
     */
    private void becomeUser(dev.jrunc.spec.config.Process process) {
        User user = process.user();
        for (Rlimit r : process.rlimits() == null ? List.<Rlimit>of() : process.rlimits()) {
            byte[] lim = le64(r.soft(), r.hard());
            add("prlimit64", SysNr.prlimit64, List.of(Arg.num(0), Arg.flags(LinuxNames.rlimitNumber(r.type()), r.type()),
                    new Arg.Bytes(lim, "{rlim_cur=" + Long.toUnsignedString(r.soft()) + ", rlim_max="
                            + Long.toUnsignedString(r.hard()) + "}"), Arg.NULL), 0, "setting " + r.type());
        }
        confine(process);
        Capabilities caps = process.capabilities();
        if (caps != null) {
            for (int cap = 0; cap <= ctx.probe().capLastCap(); cap++) {
                String name = cap < LinuxNames.CAPABILITIES.size() ? LinuxNames.CAPABILITIES.get(cap) : "cap " + cap;
                if (caps.bounding() != null && caps.bounding().contains(name)) continue;
                add("prctl", SysNr.prctl, List.of(Arg.flags(PR_CAPBSET_DROP, "PR_CAPBSET_DROP"), Arg.flags(cap, name),
                        Arg.num(0), Arg.num(0), Arg.num(0)), 0, "dropping " + name + " from the bounding set");
            }
            // keep the permitted set across the uid change; capset below sets it exactly
            add("prctl", SysNr.prctl, List.of(Arg.flags(PR_SET_KEEPCAPS, "PR_SET_KEEPCAPS"), Arg.num(1), Arg.num(0),
                    Arg.num(0), Arg.num(0)), 0, "keeping capabilities across the uid change");
        }
        List<Long> gids = user == null || user.additionalGids() == null ? List.of() : user.additionalGids();
        ByteBuffer groups = ByteBuffer.allocate(4 * gids.size()).order(ByteOrder.LITTLE_ENDIAN);
        gids.forEach(g -> groups.putInt((int) (long) g));
        add("setgroups", SysNr.setgroups, List.of(Arg.num(gids.size()), new Arg.Bytes(groups.array(), gids.toString())),
                0, "setting additional groups " + gids);
        long uid = user == null ? 0 : user.uid();
        long gid = user == null ? 0 : user.gid();
        add("setresgid", SysNr.setresgid, List.of(Arg.num(gid), Arg.num(gid), Arg.num(gid)), 0, "setting gid " + gid);
        add("setresuid", SysNr.setresuid, List.of(Arg.num(uid), Arg.num(uid), Arg.num(uid)), 0, "setting uid " + uid);
        if (caps != null) {
            add("prctl", SysNr.prctl, List.of(Arg.flags(PR_SET_KEEPCAPS, "PR_SET_KEEPCAPS"), Arg.num(0), Arg.num(0),
                    Arg.num(0), Arg.num(0)), 0, "clearing keep-capabilities");
            long eff = capMask(caps.effective()), perm = capMask(caps.permitted()), inh = capMask(caps.inheritable());
            // struct __user_cap_header_struct {version 3, pid 0}; two __user_cap_data_struct {eff, perm, inh}
            ByteBuffer hdr = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x20080522).putInt(0);
            ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) eff).putInt((int) perm).putInt((int) inh)
                    .putInt((int) (eff >>> 32)).putInt((int) (perm >>> 32)).putInt((int) (inh >>> 32));
            add("capset", SysNr.capset, List.of(new Arg.Bytes(hdr.array(), "{_LINUX_CAPABILITY_VERSION_3, 0}"),
                    new Arg.Bytes(data.array(), "{effective=0x" + Long.toHexString(eff) + ", permitted=0x"
                            + Long.toHexString(perm) + ", inheritable=0x" + Long.toHexString(inh) + "}")), 0,
                    "setting capabilities");
            for (String name : caps.ambient() == null ? List.<String>of() : caps.ambient()) {
                add("prctl", SysNr.prctl, List.of(Arg.flags(PR_CAP_AMBIENT, "PR_CAP_AMBIENT"),
                        Arg.flags(PR_CAP_AMBIENT_RAISE, "PR_CAP_AMBIENT_RAISE"),
                        Arg.flags(LinuxNames.capabilityNumber(name), name), Arg.num(0), Arg.num(0)), EPERM,
                        "raising ambient " + name);
                // EPERM: the kernel takes only caps both permitted and inheritable; runc's own
                // default config lists ambient caps that are not inheritable and still runs
            }
        }
        if (Boolean.TRUE.equals(process.noNewPrivileges())) {
            add("prctl", SysNr.prctl, List.of(Arg.flags(PR_SET_NO_NEW_PRIVS, "PR_SET_NO_NEW_PRIVS"), Arg.num(1),
                    Arg.num(0), Arg.num(0), Arg.num(0)), 0, "setting no_new_privs");
        }
        long umask = user != null && user.umask() != null ? user.umask() : 022;
        add("umask", SysNr.umask, List.of(Arg.flags(umask, "0" + Long.toOctalString(umask))), 0, "setting the umask");

    }

    /**
     * With createContainer hooks: report to the JVM and wait, after the mounts and before
     * pivot_root, while it runs them in this process's namespaces.
     */
    private void createContainerHooksPoint() {
        if (config.hooks() == null || config.hooks().createContainer().isEmpty()) return;
        steps.add(Step.directive("report", "stopping for the createContainer hooks", Arg.num(PlanCompiler.HOOKS)));
        steps.add(Step.directive("sync", "waiting for the createContainer hooks", Arg.num(ctx.syncFd())));
    }

    // ------------------------------------------------------------- confinement

    private boolean sysctlsWritten;

    /**
     * linux.sysctl: one open+write per entry under /proc/sys (the container's own /proc,
     * after pivot_root; checked to be namespaced before anything was made).
     */
    private void writeSysctls() {
        if (sysctlsWritten) return;
        sysctlsWritten = true;
        java.util.Map<String, String> sysctl = config.linux() == null ? null : config.linux().sysctl();
        if (sysctl == null) return;
        for (String name : new java.util.TreeSet<>(sysctl.keySet())) {
            String path = "/proc/sys/" + name.replace('.', '/');
            byte[] value = sysctl.get(name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int fd = add("openat", SysNr.openat, List.of(Arg.num(AT_FDCWD), Arg.str(path),
                    Arg.flags(O_WRONLY | O_CLOEXEC | O_NOFOLLOW, "O_WRONLY|O_CLOEXEC|O_NOFOLLOW")), 0, "opening " + path);
            add("write", SysNr.write, List.of(Arg.result(fd), new Arg.Bytes(value, "\"" + sysctl.get(name) + "\""),
                    Arg.num(value.length)), 0, "setting sysctl " + name);
            close(fd);
        }
    }

    /**
     * Process settings that need the init's privileges, before the uid change and the
     * capability drop: sysctls (without a mount namespace), personality, scheduler, I/O
     * priority, the initial CPU affinity, the LSM exec label, and a seccomp filter that
     * cannot wait until just before execve.
     */
    private void confine(dev.jrunc.spec.config.Process process) {
        writeSysctls();
        Linux linux = config.linux();
        if (linux != null && linux.personality() != null) {
            int persona = dev.jrunc.runtime.security.SecurityCheck.PERSONALITIES.get(linux.personality().domain());
            add("personality", SysNr.personality, List.of(Arg.flags(persona, linux.personality().domain())), 0,
                    "setting personality " + linux.personality().domain());
        }
        var sched = process.scheduler();
        if (sched != null) {
            int policy = dev.jrunc.runtime.security.SecurityCheck.SCHED_POLICIES.get(sched.policy());
            long flags = 0;
            for (String f : sched.flags() == null ? List.<String>of() : sched.flags()) {
                flags |= dev.jrunc.runtime.security.SecurityCheck.SCHED_FLAGS.get(f);
            }
            // struct sched_attr (SCHED_ATTR_SIZE_VER0, 48 bytes)
            ByteBuffer a = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
            a.putInt(48).putInt(policy).putLong(flags).putInt(sched.nice() == null ? 0 : sched.nice())
                    .putInt(sched.priority() == null ? 0 : sched.priority())
                    .putLong(nz(sched.runtime())).putLong(nz(sched.deadline()))
                    .putLong(sched.period() == null ? nz(sched.deadline()) : sched.period());
            add("sched_setattr", SCHED_SETATTR, List.of(Arg.num(0), new Arg.Bytes(a.array(), "{size=48, sched_policy="
                    + sched.policy() + ", sched_flags=0x" + Long.toHexString(flags) + ", sched_nice=" + sched.nice()
                    + ", sched_priority=" + sched.priority() + "}"), Arg.num(0)), 0, "setting the scheduler " + sched.policy());
        }
        var io = process.ioPriority();
        if (io != null) {
            long prio = ((long) dev.jrunc.runtime.security.SecurityCheck.IO_CLASSES.get(io.ioClass()) << 13) | io.priority();
            add("ioprio_set", SysNr.ioprio_set, List.of(Arg.flags(1, "IOPRIO_WHO_PROCESS"), Arg.num(0),
                    Arg.flags(prio, "IOPRIO_PRIO_VALUE(" + io.ioClass() + ", " + io.priority() + ")")), 0,
                    "setting the I/O priority");
        }
        cpuAffinity(process.execCPUAffinity() == null ? null : process.execCPUAffinity().initial(), "initial");
        if (process.apparmorProfile() != null && !process.apparmorProfile().isEmpty() && ctx.probe().apparmorEnabled()) {
            lsmExecLabel("/proc/thread-self/attr/apparmor/exec", "exec " + process.apparmorProfile(),
                    "AppArmor profile " + process.apparmorProfile());
        }
        if (process.selinuxLabel() != null && !process.selinuxLabel().isEmpty() && ctx.probe().selinuxEnabled()) {
            lsmExecLabel("/proc/thread-self/attr/exec", process.selinuxLabel(), "SELinux label " + process.selinuxLabel());
        }
        installSeccomp(process, false);
    }

    /**
     * The cwd, resolved inside the container's root and never through a magic link: a cwd of
     * /proc/self/fd/N would otherwise land in a host directory the init still holds open
     * (the state directory), and the container could walk the host from there (CVE-2024-21626).
     */
    private void changeToWorkingDirectory(String cwd) {
        byte[] how = le64(O_PATH | O_DIRECTORY | O_CLOEXEC, 0, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
        int fd = add("openat2", SysNr.openat2, List.of(Arg.flags(AT_FDCWD, "AT_FDCWD"), Arg.str(cwd),
                new Arg.Bytes(how, "{flags=O_PATH|O_DIRECTORY|O_CLOEXEC, resolve=RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS}"),
                Arg.num(how.length)), 0, "opening the working directory " + cwd);
        add("fchdir", SysNr.fchdir, List.of(Arg.result(fd)), 0, "changing to the working directory " + cwd);
        close(fd);
    }

    private boolean devNullOpen;

    /**
     * Masks a file by binding /dev/null over it, where /dev/null is opened without following
     * any symlink: an image (or a neighbour sharing its /dev) that swapped /dev/null for a link
     * to a /proc/sys file would otherwise have that file bound, writable, over the masked path
     * (CVE-2025-31133). The fd lives at the scratch number until close_range at exec.
     */
    private void maskWithDevNull(String p) {
        int scratch = ctx.scratchFd() - 1;
        if (!devNullOpen) {
            devNullOpen = true;
            byte[] how = le64(O_PATH | O_CLOEXEC, 0, RESOLVE_NO_SYMLINKS);
            int fd = add("openat2", SysNr.openat2, List.of(Arg.flags(AT_FDCWD, "AT_FDCWD"), Arg.str("/dev/null"),
                    new Arg.Bytes(how, "{flags=O_PATH|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}"), Arg.num(how.length)), 0,
                    "opening /dev/null (not a symlink) for masking");
            add("dup3", SysNr.dup3, List.of(Arg.result(fd), Arg.num(scratch), Arg.flags(O_CLOEXEC, "O_CLOEXEC")), 0,
                    "moving the fd of /dev/null to " + scratch);
            close(fd);
        }
        add("mount", SysNr.mount, List.of(Arg.str(PROC_FD + scratch), Arg.str(p), Arg.NULL,
                Arg.flags(MS_BIND, "MS_BIND"), Arg.NULL), ENOENT, "masking " + p);
    }

    /** x86-64 sched_setattr(2). */
    private static final int SCHED_SETATTR = 314;

    private void cpuAffinity(String cpus, String which) {
        if (cpus == null || cpus.isEmpty()) return;
        byte[] mask = dev.jrunc.runtime.security.CpuList.mask(dev.jrunc.runtime.security.CpuList.parse(cpus));
        add("sched_setaffinity", SysNr.sched_setaffinity, List.of(Arg.num(0), Arg.num(mask.length),
                new Arg.Bytes(mask, "[" + cpus + "]")), 0, "setting the " + which + " CPU affinity " + cpus);
    }

    /** Writes the label the kernel applies at execve (attr/exec is per thread). */
    private void lsmExecLabel(String attr, String value, String what) {
        byte[] v = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int fd = add("openat", SysNr.openat, List.of(Arg.num(AT_FDCWD), Arg.str(attr),
                Arg.flags(O_WRONLY | O_CLOEXEC, "O_WRONLY|O_CLOEXEC")), 0, "opening " + attr);
        add("write", SysNr.write, List.of(Arg.result(fd), new Arg.Bytes(v, "\"" + value + "\""), Arg.num(v.length)), 0,
                "setting the " + what);
        close(fd);
    }

    /**
     * The seccomp filter, as late as possible: right before close_range and execve when
     * no_new_privs is set or the process keeps CAP_SYS_ADMIN (so few syscalls of ours run
     * under it), else ({@code late == false}) before the uid change and the capability
     * drop, while the init still may install a filter without no_new_privs.
     */
    private void installSeccomp(dev.jrunc.spec.config.Process process, boolean late) {
        dev.jrunc.spec.config.Seccomp profile = config.linux() == null ? null : config.linux().seccomp();
        if (late) cpuAffinity(process.execCPUAffinity() == null ? null : process.execCPUAffinity().finalCpus(), "final");
        if (profile == null || seccompInstalled || late != seccompCanWait(process)) return;
        emitSeccomp(late ? profile : withRuntimeCalls(profile));
    }

    /**
     * The seccomp(2) step. With a notify rule the JVM then takes the listener (close-on-exec,
     * so execve drops the child's copy) with pidfd_getfd and sends it to listenerPath's agent
     * while the child waits at a sync point. The report and the sync run under the filter: a
     * notify rule on write would block the report with nobody yet to answer it (refused, as
     * runc does); one on read or prctl reaches the agent once it holds the fd, and the agent
     * must let the call CONTINUE.
     */
    private void emitSeccomp(dev.jrunc.spec.config.Seccomp profile) {
        seccompInstalled = true;
        byte[] bpf = ctx.probe().seccompProgram(profile);
        long flags = dev.jrunc.runtime.seccomp.SeccompProfile.filterFlags(profile);
        int filter = add("seccomp", SysNr.seccomp, List.of(Arg.flags(1, "SECCOMP_SET_MODE_FILTER"),
                Arg.flags(flags, dev.jrunc.runtime.seccomp.SeccompProfile.filterFlagNames(flags)),
                new Arg.SockFprog(bpf, profile.defaultAction() + " + " + (profile.syscalls() == null ? 0
                        : profile.syscalls().size()) + " rules")), 0, "installing the seccomp filter");
        if (dev.jrunc.runtime.seccomp.SeccompProfile.notifies(profile)) {
            steps.add(Step.directive("report", "reporting the seccomp listener (fd of step " + filter + ")",
                    Arg.num(PlanCompiler.SECCOMP)));
            steps.add(Step.directive("sync", "waiting for the runtime to take the seccomp listener",
                    Arg.num(ctx.syncFd())));
        }
    }

    private boolean seccompInstalled;

    /**
     * A filter with a notify listener that could wait until execve is installed before READY
     * instead, as runc's: the JVM, which hands the listener on, is gone after READY.
     */
    private void installNotifyingSeccompBeforeReady(dev.jrunc.spec.config.Process process) {
        dev.jrunc.spec.config.Seccomp profile = config.linux() == null ? null : config.linux().seccomp();
        if (profile == null || seccompInstalled || !seccompCanWait(process)
                || !dev.jrunc.runtime.seccomp.SeccompProfile.notifies(profile)) {
            return;
        }
        emitSeccomp(withRuntimeCalls(profile)); // close_range and rseq still follow
    }

    /**
     * A filter installed early also covers the rest of this plan: the fd clean-up at READY
     * (close_range) and the rseq unregistration before the JVM is unmapped. Where the profile
     * neither allows nor mentions them, they are allowed (both only touch the caller's own
     * fds and rseq area), or an allowlist written for runc's Go init would kill ours.
     */
    private static dev.jrunc.spec.config.Seccomp withRuntimeCalls(dev.jrunc.spec.config.Seccomp p) {
        if ("SCMP_ACT_ALLOW".equals(p.defaultAction())) return p;
        List<String> missing = new ArrayList<>(List.of("close_range", "rseq"));
        List<dev.jrunc.spec.config.Syscall> rules = p.syscalls() == null ? List.of() : p.syscalls();
        for (var r : rules) missing.removeAll(r.names());
        if (missing.isEmpty()) return p;
        List<dev.jrunc.spec.config.Syscall> all = new ArrayList<>(rules);
        all.add(new dev.jrunc.spec.config.Syscall(missing, "SCMP_ACT_ALLOW", null, List.of()));
        return new dev.jrunc.spec.config.Seccomp(p.defaultAction(), p.defaultErrnoRet(), p.architectures(), p.flags(),
                p.listenerPath(), p.listenerMetadata(), all);
    }

    private static boolean seccompCanWait(dev.jrunc.spec.config.Process process) {
        if (Boolean.TRUE.equals(process.noNewPrivileges())) return true;
        Capabilities caps = process.capabilities();
        if (caps == null) return process.user() == null || process.user().uid() == 0;
        return caps.effective() != null && caps.effective().contains("CAP_SYS_ADMIN");
    }

    // ------------------------------------------------------------- helpers

    private int add(String name, int nr, List<Arg> args, int ignoreErrno, String description) {
        steps.add(new Step(name, nr, args, ignoreErrno, description));
        return steps.size() - 1;
    }

    private void closeRange(long first, long last) {
        add("close_range", SysNr.close_range, List.of(Arg.num(first),
                last == 0xffffffffL ? Arg.flags(last, "~0U") : Arg.num(last), Arg.num(0)), 0,
                "closing the runtime's fds " + first + (last == 0xffffffffL ? " and up" : ".." + last));
    }

    private void close(int step) {
        add("close", SysNr.close, List.of(Arg.result(step)), 0, "closing the fd of step " + step);
    }

    /** openat2(rootfd, path, flags, RESOLVE_IN_ROOT): never leaves the rootfs. */
    private int openInRoot(String path, long flags, String why) {
        return openInRoot(path, flags, 0, why);
    }

    private int openInRoot(String path, long flags, long mode, String why) {
        byte[] how = le64(flags, mode, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
        String rel = path.equals("/") ? "." : path.substring(1);
        return add("openat2", SysNr.openat2, List.of(Arg.result(rootFd), Arg.str(rel),
                new Arg.Bytes(how, "{flags=" + openFlags(flags) + (mode != 0 ? ", mode=0" + Long.toOctalString(mode) : "")
                        + ", resolve=RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS}"), Arg.num(how.length)), 0, why);
    }

    /** Creates each missing directory of path, each inside the rootfs. */
    private void mkdirAll(String path, String why) {
        if (path.equals("/")) return;
        String parent = "/";
        for (String name : path.substring(1).split("/")) {
            if (parent.equals("/")) {
                add("mkdirat", SysNr.mkdirat, List.of(Arg.result(rootFd), Arg.str(name), Arg.flags(0755, "0755")),
                        EEXIST, why);
            } else {
                int dir = openInRoot(parent, O_PATH | O_DIRECTORY | O_CLOEXEC, why);
                add("mkdirat", SysNr.mkdirat, List.of(Arg.result(dir), Arg.str(name), Arg.flags(0755, "0755")),
                        EEXIST, why);
                close(dir);
            }
            parent = parent.equals("/") ? "/" + name : parent + "/" + name;
        }
    }

    private void createFile(String path, String why) {
        String parent = parentOf(path);
        if (!parent.equals("/")) mkdirAll(parent, why);
        int fd = openInRoot(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644, why);
        close(fd);
    }

    /**
     * linux.mountLabel as SELinux's {@code context="LABEL"} mount option after {@code data}
     * (runc's format), where SELinux is enabled; elsewhere the data unchanged (a label on a
     * host without SELinux was refused before anything was made).
     */
    String withMountLabel(String data) {
        String label = config.linux() == null ? null : config.linux().mountLabel();
        return mountData(data, label != null && !label.isEmpty() && ctx.probe().selinuxEnabled() ? label : null);
    }

    /** x86-64 setxattr(2). */
    private static final int SETXATTR = 188;

    /**
     * mqueue takes no context= option: its root gets the mount label as its file label
     * (security.selinux), as runc does.
     */
    private void labelFile(String dest) {
        String label = config.linux().mountLabel();
        byte[] v = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int fd = openInRoot(dest, O_PATH | O_CLOEXEC, "opening " + dest);
        int scratch = ctx.scratchFd();
        add("dup3", SysNr.dup3, List.of(Arg.result(fd), Arg.num(scratch), Arg.flags(O_CLOEXEC, "O_CLOEXEC")), 0,
                "moving the fd of " + dest + " to " + scratch);
        close(fd);
        add("setxattr", SETXATTR, List.of(Arg.str(PROC_FD + scratch), Arg.str("security.selinux"),
                new Arg.Bytes(v, "\"" + label + "\""), Arg.num(v.length), Arg.num(0)), 0,
                "labelling " + dest + " " + label);
        add("close", SysNr.close, List.of(Arg.num(scratch)), 0, "closing fd " + scratch);
    }

    /** {@code data} with {@code context="label"} appended (null label: unchanged). */
    static String mountData(String data, String label) {
        if (label == null) return data;
        String context = "context=\"" + label + "\"";
        return data == null || data.isEmpty() ? context : data + "," + context;
    }

    /** mount(2) onto a target resolved inside the rootfs, named through /proc/self/fd. */
    private void mountAt(String dest, Arg source, Arg type, long flags, String data, int ignore, String why) {
        int fd = openInRoot(dest, O_PATH | O_CLOEXEC, "opening mount target " + dest);
        int scratch = ctx.scratchFd();
        add("dup3", SysNr.dup3, List.of(Arg.result(fd), Arg.num(scratch), Arg.flags(O_CLOEXEC, "O_CLOEXEC")), 0,
                "moving the fd of " + dest + " to " + scratch);
        close(fd);
        add("mount", SysNr.mount, List.of(source, Arg.str(PROC_FD + scratch), type,
                Arg.flags(flags, MountOptions.describe(flags)), Arg.str(data)), ignore, why);
        add("close", SysNr.close, List.of(Arg.num(scratch)), 0, "closing fd " + scratch);
    }

    /** nosuid/nodev/noexec of the config mount that covers p: a remount must keep them. */
    private long lockedFlagsAt(String p) {
        long flags = 0;
        int best = -1;
        for (Mount m : config.mounts() == null ? List.<Mount>of() : config.mounts()) {
            String d = clean(m.destination());
            if ((p.equals(d) || p.startsWith(d.equals("/") ? "/" : d + "/")) && d.length() > best) {
                best = d.length();
                flags = MountOptions.parse(m.options()).flags() & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
            }
        }
        return flags;
    }

    static String clean(String p) {
        if (p == null) return "/";
        StringBuilder sb = new StringBuilder();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                int i = sb.lastIndexOf("/");
                sb.setLength(Math.max(i, 0));
                continue;
            }
            sb.append('/').append(part);
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }

    private static String parentOf(String p) {
        int i = p.lastIndexOf('/');
        return i <= 0 ? "/" : p.substring(0, i);
    }

    private static String nameOf(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static long capMask(List<String> names) {
        long mask = 0;
        for (String n : names == null ? List.<String>of() : names) mask |= 1L << LinuxNames.capabilityNumber(n);
        return mask;
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static byte[] le64(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return b.array();
    }

    private static String openFlags(long f) {
        List<String> names = new ArrayList<>();
        names.add((f & 3) == O_WRONLY ? "O_WRONLY" : (f & 3) == O_RDWR ? "O_RDWR" : "O_RDONLY");
        if ((f & O_PATH) != 0) names.set(0, "O_PATH");
        if ((f & O_CREAT) != 0) names.add("O_CREAT");
        if ((f & O_DIRECTORY) != 0) names.add("O_DIRECTORY");
        if ((f & O_NOFOLLOW) != 0) names.add("O_NOFOLLOW");
        if ((f & O_CLOEXEC) != 0) names.add("O_CLOEXEC");
        return String.join("|", names);
    }
}
