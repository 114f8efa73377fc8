package dev.jrunc.runtime.notify;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.ScmRights;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;
import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.log.RuntimeLog;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Mount;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * sd_notify proxying, with runc's behaviour: when {@code create} or {@code run} sees
 * {@code NOTIFY_SOCKET}, the state directory gets a {@code notify/} directory, bound
 * read-only into the container at {@code /run/notify}, and the process gets
 * {@code NOTIFY_SOCKET=/run/notify/notify.sock}. {@code start} (and {@code run}), when they
 * see {@code NOTIFY_SOCKET}, bind a datagram socket there before the user program runs,
 * wait for the first {@code READY=} message (or the init's exit), and send the caller's
 * socket that line, {@code MAINPID=} with a host pid, and an sd_notify barrier.
 *
 * <p>The JVM never enters the container: the bind mount is an ordinary mount of the plan,
 * the socket lives on the host side of it.
 */
public final class NotifySocket implements AutoCloseable {
    /** The directory in the state directory, and its socket. */
    public static final String DIR = "notify", SOCKET = "notify.sock";
    /** Where the directory appears in the container, and the socket's path there. */
    public static final String CONTAINER_DIR = "/run/notify", CONTAINER_SOCKET = CONTAINER_DIR + "/" + SOCKET;
    /** The environment variable systemd (and engines) set, read by create, run and start. */
    public static final String ENV = "NOTIFY_SOCKET";

    private static final int SOCK_DGRAM = 2, SOCK_CLOEXEC = 02000000;
    private static final int SUN_PATH = 108;
    private static final short POLLIN = 1;
    /** runc waits this long for the receiver to acknowledge the barrier, then only warns. */
    private static final int BARRIER_TIMEOUT_MS = 30_000;

    private final int fd;
    private final Path path;

    private NotifySocket(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** The caller's {@code NOTIFY_SOCKET}, or null when unset or empty. */
    public static String hostSocket() {
        String v = System.getenv(ENV);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * {@code create}/{@code run} with NOTIFY_SOCKET: makes {@code stateDir/notify} (0755) and
     * returns the config with its bind mount appended (after the config's own mounts, so it is
     * the one seen at /run/notify) and {@code NOTIFY_SOCKET} set in the process's environment.
     */
    public static Config prepare(Config c, Path stateDir) throws JruncException {
        Path dir = stateDir.resolve(DIR);
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (java.io.IOException e) {
            throw new JruncException("creating " + dir + ": " + e.getMessage(), e);
        }
        return withMount(c, dir);
    }

    /** The pure part of {@link #prepare}: the mount and the environment entry. */
    public static Config withMount(Config c, Path notifyDir) {
        List<Mount> mounts = new ArrayList<>(c.mounts() == null ? List.of() : c.mounts());
        mounts.add(new Mount(CONTAINER_DIR, "bind", notifyDir.toString(),
                List.of("bind", "nosuid", "noexec", "nodev", "ro"), null, null));
        var p = c.process();
        List<String> env = new ArrayList<>();
        if (p.env() != null) {
            for (String e : p.env()) if (!e.startsWith(ENV + "=")) env.add(e);
        }
        env.add(ENV + "=" + CONTAINER_SOCKET);
        return c.withProcess(p.withEnv(List.copyOf(env))).withMounts(List.copyOf(mounts));
    }

    /** True when {@code create} prepared the container for notify proxying. */
    public static boolean prepared(Path stateDir) {
        return Files.isDirectory(stateDir.resolve(DIR));
    }

    /**
     * Binds {@code stateDir/notify/notify.sock} (mode 0777, so a user-namespaced process may
     * send to it), replacing a stale one. Called by start before the user program runs.
     */
    public static NotifySocket bind(Path stateDir) throws JruncException {
        Path p = stateDir.resolve(DIR).resolve(SOCKET);
        int fd = Linux.socket(ScmRights.AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        int dirFd = -1;
        try (Arena a = Arena.ofConfined()) {
            Files.deleteIfExists(p);
            // bound through /proc/self/fd/N/notify.sock: the state directory's own path may not
            // fit in sun_path (108 bytes; e.g. a 64-hex id under a deep --root)
            dirFd = Linux.open(p.getParent().toString(), 0x200000 | 0x10000 | 02000000 /* O_PATH|O_DIRECTORY|O_CLOEXEC */, 0);
            String shortPath = "/proc/self/fd/" + dirFd + "/" + SOCKET;
            MemorySegment addr = address(a, shortPath);
            Syscalls.call("bind " + p, SysNr.bind, fd, addr.address(), addrLen(shortPath));
            MemorySegment s = a.allocateFrom(shortPath);
            Syscalls.call("chmod " + p, SysNr.fchmodat, Linux.AT_FDCWD, s.address(), 0777, 0);
            return new NotifySocket(fd, p);
        } catch (LinuxException e) {
            Linux.closeQuietly(fd);
            throw new JruncException("notify socket " + p + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            Linux.closeQuietly(fd);
            throw new JruncException("notify socket " + p + ": " + e.getMessage(), e);
        } finally {
            if (dirFd >= 0) Linux.closeQuietly(dirFd);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Waits for a datagram holding a {@code READY=} line; returns that line, or null once
     * {@code pidfd} (the init) becomes readable, that is, it exited first. Other messages
     * (STATUS=, MAINPID= of the container's own pid namespace, ...) are dropped, as runc does.
     */
    public String awaitReady(int pidfd) {
        byte[] buf = new byte[4096];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(16, 8);
            while (true) {
                fds.set(ValueLayout.JAVA_INT, 0, fd);
                fds.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                fds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                fds.set(ValueLayout.JAVA_INT, 8, pidfd);
                fds.set(ValueLayout.JAVA_SHORT, 12, POLLIN);
                fds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
                long r = Syscalls.raw(SysNr.poll, fds.address(), pidfd < 0 ? 1 : 2, -1);
                if (r == -Errno.EINTR) continue;
                if (r < 0) throw new LinuxException("poll notify socket", (int) -r);
                if (fds.get(ValueLayout.JAVA_SHORT, 6) != 0) {
                    int n = Linux.read(fd, buf, 0, buf.length);
                    String line = readyLine(new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8));
                    if (line != null) return line;
                    continue; // a datagram and an exit together: the datagram first
                }
                if (pidfd >= 0 && fds.get(ValueLayout.JAVA_SHORT, 14) != 0) return null;
            }
        }
    }

    /** The first line of a datagram that starts with {@code READY=}, or null. */
    public static String readyLine(String datagram) {
        for (String line : datagram.split("\n")) {
            if (line.startsWith("READY=")) return line;
        }
        return null;
    }

    /**
     * Sends the caller's socket {@code ready}, then {@code MAINPID=mainPid}, then
     * {@code BARRIER=1} with a pipe's write end, and waits (up to 30 s, then a warning) for
     * the receiver to close it: when this returns, the receiver has seen both messages.
     */
    public static void notifyHost(String host, String ready, long mainPid, RuntimeLog log) throws JruncException {
        int sock = -1;
        int[] pipe = null;
        try (Arena a = Arena.ofConfined()) {
            sock = connect(a, host);
            Linux.writeFully(sock, (ready + "\n").getBytes(StandardCharsets.UTF_8));
            Linux.writeFully(sock, ("MAINPID=" + mainPid + "\n").getBytes(StandardCharsets.UTF_8));
            pipe = Linux.pipe2(02000000);
            ScmRights.send(sock, "BARRIER=1".getBytes(StandardCharsets.UTF_8), pipe[1]);
            Linux.close(pipe[1]);
            pipe[1] = -1;
            MemorySegment p = a.allocate(8, 8);
            p.set(ValueLayout.JAVA_INT, 0, pipe[0]);
            p.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            long r;
            do {
                p.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                r = Syscalls.raw(SysNr.poll, p.address(), 1, BARRIER_TIMEOUT_MS);
            } while (r == -Errno.EINTR);
            if (r == 0) {
                log.warn("timeout after waiting " + BARRIER_TIMEOUT_MS / 1000 + "s for barrier on " + host + ". Ignored.");
            } else if (r > 0 && Linux.read(pipe[0], new byte[1], 0, 1) > 0) {
                throw new JruncException("notify socket " + host + ": unexpected read from synchronization pipe");
            }
        } catch (LinuxException e) {
            throw new JruncException("notify socket " + host + ": " + e.getMessage(), e);
        } finally {
            Linux.closeQuietly(sock);
            if (pipe != null) {
                Linux.closeQuietly(pipe[0]);
                if (pipe[1] >= 0) Linux.closeQuietly(pipe[1]);
            }
        }
    }

    private static int connect(Arena a, String host) throws JruncException {
        byte[] name = host.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) throw new JruncException(ENV + " " + host + ": path too long");
        int sock = Linux.socket(ScmRights.AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        try {
            Syscalls.call("connect " + host, SysNr.connect, sock, address(a, host).address(), addrLen(host));
            return sock;
        } catch (LinuxException e) {
            Linux.closeQuietly(sock);
            throw e;
        }
    }

    /** sockaddr_un for a path, or an abstract name written {@code @name} (as systemd does). */
    private static MemorySegment address(Arena a, String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        MemorySegment addr = a.allocate(2 + SUN_PATH);
        addr.fill((byte) 0);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) ScmRights.AF_UNIX);
        MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, Math.min(name.length, SUN_PATH - 1));
        if (name.length > 0 && name[0] == '@') addr.set(ValueLayout.JAVA_BYTE, 2, (byte) 0);
        return addr;
    }

    private static int addrLen(String path) {
        int n = Math.min(path.getBytes(StandardCharsets.UTF_8).length, SUN_PATH - 1);
        return path.startsWith("@") ? 2 + n : 2 + n + 1;
    }

    @Override
    public void close() {
        Linux.closeQuietly(fd);
    }
}
