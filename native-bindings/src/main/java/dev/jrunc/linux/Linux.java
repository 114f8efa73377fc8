package dev.jrunc.linux;

import dev.jrunc.linux.generated.open_how;
import dev.jrunc.linux.generated.stat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Thin Java wrappers over general Linux system calls. All go through {@link Syscalls} (one
 * downcall shape); failures throw {@link LinuxException}. Struct layouts and constants come from
 * the jextract-generated {@code dev.jrunc.linux.generated} package.
 */
public final class Linux {
    private Linux() {}

    public static final int AT_FDCWD = -100;

    // siginfo_t offsets on x86-64 (checked against offsetof() in LinuxTest); jextract's
    // siginfo_t binding is ~3000 lines, so it is deliberately not generated.
    static final long SIGINFO_SIZE = 128;
    static final long SI_SIGNO = 0;
    static final long SI_CODE = 8;
    static final long SI_PID = 16;
    static final long SI_UID = 20;
    static final long SI_STATUS = 24;

    static long addr(MemorySegment s) {
        return s == null ? 0L : s.address();
    }

    static MemorySegment cstr(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    static int fd(long r) {
        return (int) r;
    }

    // ---------------------------------------------------------------- files

    /** open(2) relative to the current directory. */
    public static int open(String path, int flags, int mode) {
        return openat(AT_FDCWD, path, flags, mode);
    }

    /** openat(2). */
    public static int openat(int dirfd, String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return fd(Syscalls.callRestarting("open " + path, SysNr.openat, dirfd, addr(cstr(a, path)), flags, mode, 0, 0));
        }
    }

    /**
     * openat2(2) with {@code struct open_how}; {@code resolve} takes RESOLVE_* flags, e.g.
     * RESOLVE_IN_ROOT to resolve {@code path} (symlinks included) as if {@code dirfd} were the root.
     */
    public static int openat2(int dirfd, String path, long flags, long mode, long resolve) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment how = open_how.allocate(a);
            open_how.flags(how, flags);
            open_how.mode(how, mode);
            open_how.resolve(how, resolve);
            return fd(Syscalls.callRestarting("openat2 " + path, SysNr.openat2, dirfd, addr(cstr(a, path)), how.address(),
                    how.byteSize(), 0, 0));
        }
    }

    /** close(2). */
    public static void close(int fd) {
        long r = Syscalls.raw(SysNr.close, fd);
        if (r < 0 && r != -Errno.EINTR) {
            throw new LinuxException("close fd " + fd, (int) -r);
        }
    }

    /** close(2), ignoring errors. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            Syscalls.raw(SysNr.close, fd);
        }
    }

    /** read(2) into native memory; returns the byte count (0 at EOF). Restarts on EINTR. */
    public static int read(int fd, MemorySegment buf) {
        return (int) Syscalls.callRestarting("read fd " + fd, SysNr.read, fd, buf.address(), buf.byteSize(), 0, 0, 0);
    }

    /** read(2) into a Java array; returns the byte count (0 at EOF). */
    public static int read(int fd, byte[] buf, int off, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(Math.max(len, 1));
            int n = read(fd, seg.asSlice(0, len));
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, buf, off, n);
            return n;
        }
    }

    /** write(2) from native memory; returns the byte count. Restarts on EINTR. */
    public static int write(int fd, MemorySegment buf) {
        return (int) Syscalls.callRestarting("write fd " + fd, SysNr.write, fd, buf.address(), buf.byteSize(), 0, 0, 0);
    }

    /** write(2) of a Java array range (a single call, may be short). */
    public static int write(int fd, byte[] buf, int off, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(Math.max(len, 1));
            MemorySegment.copy(buf, off, seg, ValueLayout.JAVA_BYTE, 0, len);
            return write(fd, seg.asSlice(0, len));
        }
    }

    /** Writes all of {@code buf}, looping over short writes. */
    public static void writeFully(int fd, byte[] buf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(Math.max(buf.length, 1));
            MemorySegment.copy(buf, 0, seg, ValueLayout.JAVA_BYTE, 0, buf.length);
            long done = 0;
            while (done < buf.length) {
                done += write(fd, seg.asSlice(done, buf.length - done));
            }
        }
    }

    /** pipe2(2): returns {read end, write end}. */
    public static int[] pipe2(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            Syscalls.call("pipe2", SysNr.pipe2, fds.address(), flags);
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    /** dup3(2). */
    public static int dup3(int oldfd, int newfd, int flags) {
        return fd(Syscalls.call("dup3 " + oldfd + " to " + newfd, SysNr.dup3, oldfd, newfd, flags));
    }

    /** fcntl(2) with an integer argument. */
    public static int fcntl(int fd, int cmd, long arg) {
        return (int) Syscalls.call("fcntl fd " + fd + " cmd " + cmd, SysNr.fcntl, fd, cmd, arg);
    }

    /** fstat(2). */
    public static FileStat fstat(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = stat.allocate(a);
            Syscalls.call("fstat fd " + fd, SysNr.fstat, fd, st.address());
            return toFileStat(st);
        }
    }

    /** fstatat(2) (newfstatat); flags e.g. AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
    public static FileStat fstatat(int dirfd, String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = stat.allocate(a);
            Syscalls.call("stat " + path, SysNr.newfstatat, dirfd, addr(cstr(a, path)), st.address(), flags);
            return toFileStat(st);
        }
    }

    private static FileStat toFileStat(MemorySegment st) {
        return new FileStat(stat.st_dev(st), stat.st_ino(st), stat.st_mode(st), stat.st_nlink(st), stat.st_uid(st),
                stat.st_gid(st), stat.st_rdev(st), stat.st_size(st));
    }

    /** mknodat(2) relative to the cwd; {@code mode} includes the S_IF* type bits. */
    public static void mknod(String path, int mode, long dev) {
        mknodat(AT_FDCWD, path, mode, dev);
    }

    /** mknodat(2). */
    public static void mknodat(int dirfd, String path, int mode, long dev) {
        try (Arena a = Arena.ofConfined()) {
            Syscalls.call("mknod " + path, SysNr.mknodat, dirfd, addr(cstr(a, path)), mode, dev);
        }
    }

    /** glibc's makedev(3). */
    public static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
    }

    public static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0x00000fffL));
    }

    public static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0x000000ffL));
    }

    /** memfd_create(2); flags MFD_CLOEXEC, MFD_ALLOW_SEALING, ... */
    public static int memfdCreate(String name, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return fd(Syscalls.call("memfd_create " + name, SysNr.memfd_create, addr(cstr(a, name)), flags));
        }
    }

    /** close_range(2); flags CLOSE_RANGE_CLOEXEC / CLOSE_RANGE_UNSHARE. Use -1 (~0U) for "to the end". */
    public static void closeRange(int first, int last, int flags) {
        Syscalls.call("close_range " + first + ".." + Integer.toUnsignedString(last), SysNr.close_range,
                Integer.toUnsignedLong(first), Integer.toUnsignedLong(last), flags);
    }

    /** ioctl(2) with an integer/pointer argument; returns the (non-negative) result. */
    public static long ioctl(int fd, long request, long arg) {
        return Syscalls.call("ioctl fd " + fd + " 0x" + Long.toHexString(request), SysNr.ioctl, fd, request, arg);
    }

    public static void chdir(String path) {
        try (Arena a = Arena.ofConfined()) {
            Syscalls.call("chdir " + path, SysNr.chdir, addr(cstr(a, path)));
        }
    }

    public static void fchdir(int fd) {
        Syscalls.call("fchdir fd " + fd, SysNr.fchdir, fd);
    }

    public static void chroot(String path) {
        try (Arena a = Arena.ofConfined()) {
            Syscalls.call("chroot " + path, SysNr.chroot, addr(cstr(a, path)));
        }
    }

    public static int umask(int mask) {
        return (int) Syscalls.raw(SysNr.umask, mask);
    }

    // ---------------------------------------------------------------- processes

    public static int getpid() {
        return (int) Syscalls.raw(SysNr.getpid);
    }

    public static int gettid() {
        return (int) Syscalls.raw(SysNr.gettid);
    }

    public static int getppid() {
        return (int) Syscalls.raw(SysNr.getppid);
    }

    public static int setsid() {
        return (int) Syscalls.call("setsid", SysNr.setsid);
    }

    /** kill(2). */
    public static void kill(int pid, int sig) {
        Syscalls.call("kill " + pid + " with signal " + sig, SysNr.kill, pid, sig);
    }

    /**
     * waitid(2). {@code idtype} P_PID (1), P_PIDFD (3), P_ALL (0); options WEXITED etc.
     * Returns pid 0 when WNOHANG and no child is ready. Restarts on EINTR.
     */
    public static WaitResult waitid(int idtype, int id, int options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment si = a.allocate(SIGINFO_SIZE, 8);
            Syscalls.callRestarting("waitid " + id, SysNr.waitid, idtype, id, si.address(), options, 0, 0);
            return new WaitResult(si.get(ValueLayout.JAVA_INT, SI_PID), si.get(ValueLayout.JAVA_INT, SI_CODE),
                    si.get(ValueLayout.JAVA_INT, SI_STATUS));
        }
    }

    /** wait4(2) without rusage; returns the pid and decoded status. Restarts on EINTR. */
    public static WaitResult wait4(int pid, int options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(ValueLayout.JAVA_INT);
            int r = (int) Syscalls.callRestarting("wait4 " + pid, SysNr.wait4, pid, ws.address(), options, 0, 0, 0);
            if (r == 0) {
                return new WaitResult(0, 0, 0);
            }
            return WaitResult.fromWaitStatus(r, ws.get(ValueLayout.JAVA_INT, 0));
        }
    }

    /** prctl(2). */
    public static long prctl(int option, long a2, long a3, long a4, long a5) {
        return Syscalls.call("prctl " + option, SysNr.prctl, option, a2, a3, a4, a5);
    }

    /** prctl(PR_SET_NO_NEW_PRIVS, 1). */
    public static void setNoNewPrivs() {
        Syscalls.call("prctl PR_SET_NO_NEW_PRIVS", SysNr.prctl, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0);
    }

    /** arch_prctl(ARCH_GET_FS): the calling thread's FS base (TLS pointer). */
    public static long archPrctlGetFs() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_LONG);
            Syscalls.call("arch_prctl ARCH_GET_FS", SysNr.arch_prctl, 0x1003 /* ARCH_GET_FS */, out.address());
            return out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    // ---------------------------------------------------------------- sockets

    /** socket(2). */
    public static int socket(int domain, int type, int protocol) {
        return fd(Syscalls.call("socket", SysNr.socket, domain, type, protocol));
    }

    /** socketpair(2): returns the two connected descriptors. */
    public static int[] socketpair(int domain, int type, int protocol) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            Syscalls.call("socketpair", SysNr.socketpair, domain, type, protocol, fds.address());
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    /** Longest AF_UNIX socket path, NUL excluded (sun_path is 108 bytes). */
    public static final int UNIX_PATH_MAX = 107;

    /**
     * A close-on-exec AF_UNIX stream socket connected to {@code path} (at most
     * {@link #UNIX_PATH_MAX} bytes); the socket is closed again when connect fails.
     */
    public static int connectUnix(String path) {
        byte[] name = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > UNIX_PATH_MAX) throw new LinuxException("connect " + path, Errno.ENAMETOOLONG);
        int fd = socket(1 /* AF_UNIX */, 1 /* SOCK_STREAM */ | 02000000 /* SOCK_CLOEXEC */, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(2 + UNIX_PATH_MAX + 1);
            addr.fill((byte) 0);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
            Syscalls.call("connect", SysNr.connect, fd, addr.address(), 2 + name.length + 1);
            return fd;
        } catch (LinuxException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    /** sendmsg(2) with a prepared {@code struct msghdr}. */
    public static long sendmsg(int sock, MemorySegment msghdr, int flags) {
        return Syscalls.callRestarting("sendmsg fd " + sock, SysNr.sendmsg, sock, msghdr.address(), flags, 0, 0, 0);
    }

    /** recvmsg(2) into a prepared {@code struct msghdr}. */
    public static long recvmsg(int sock, MemorySegment msghdr, int flags) {
        return Syscalls.callRestarting("recvmsg fd " + sock, SysNr.recvmsg, sock, msghdr.address(), flags, 0, 0, 0);
    }

    // ---------------------------------------------------------------- host names

    public static void sethostname(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocateFrom(name);
            Syscalls.call("sethostname " + name, SysNr.sethostname, s.address(), s.byteSize() - 1);
        }
    }

    public static void setdomainname(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocateFrom(name);
            Syscalls.call("setdomainname " + name, SysNr.setdomainname, s.address(), s.byteSize() - 1);
        }
    }
}
