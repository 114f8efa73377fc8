package dev.jrunc.linux;

import java.lang.foreign.Arena;

import static dev.jrunc.linux.Linux.addr;
import static dev.jrunc.linux.Linux.cstr;

/** setns(2), unshare(2) and namespace inspection via NS_GET_NSTYPE. */
public final class Namespaces {
    private Namespaces() {}

    public static final int CLONE_NEWTIME = 0x00000080;
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int CLONE_FS = 0x00000200;

    /** ioctl request NS_GET_NSTYPE = _IO(0xb7, 0x3). */
    public static final long NS_GET_NSTYPE = 0xb703L;

    /** setns(2); nstype 0 or a CLONE_NEW* flag. */
    public static void setns(int fd, int nstype) {
        Syscalls.call("setns fd " + fd, SysNr.setns, fd, nstype);
    }

    /** Opens {@code path} and setns(2) into it. */
    public static void setns(String path, int nstype) {
        try (Fd fd = Fd.of(Linux.open(path, 0x80000 /* O_CLOEXEC */, 0))) {
            try {
                setns(fd.fd(), nstype);
            } catch (LinuxException e) {
                throw new LinuxException("setns " + path, e.errno());
            }
        }
    }

    /** unshare(2) for the calling thread. */
    public static void unshare(int flags) {
        Syscalls.call("unshare 0x" + Integer.toHexString(flags), SysNr.unshare, flags);
    }

    /** The CLONE_NEW* flag of a namespace fd (ioctl NS_GET_NSTYPE). */
    public static int nsTypeFlag(int fd) {
        return (int) Linux.ioctl(fd, NS_GET_NSTYPE, 0);
    }

    /**
     * Namespace type of a namespace file such as {@code /proc/self/ns/net}: one of "mnt", "pid",
     * "net", "ipc", "uts", "user", "cgroup", "time"; null when the path is not a namespace file.
     */
    public static String nsType(String path) {
        long fd;
        try (Arena a = Arena.ofConfined()) {
            fd = Syscalls.raw(SysNr.openat, Linux.AT_FDCWD, addr(cstr(a, path)), 0x80000 /* O_CLOEXEC */, 0);
        }
        if (fd < 0) {
            throw new LinuxException("open " + path, (int) -fd);
        }
        try {
            long t = Syscalls.raw(SysNr.ioctl, fd, NS_GET_NSTYPE, 0);
            return t < 0 ? null : typeName((int) t);
        } finally {
            Linux.closeQuietly((int) fd);
        }
    }

    /** Name for a CLONE_NEW* flag, or null. */
    public static String typeName(int cloneFlag) {
        return switch (cloneFlag) {
            case CLONE_NEWNS -> "mnt";
            case CLONE_NEWPID -> "pid";
            case CLONE_NEWNET -> "net";
            case CLONE_NEWIPC -> "ipc";
            case CLONE_NEWUTS -> "uts";
            case CLONE_NEWUSER -> "user";
            case CLONE_NEWCGROUP -> "cgroup";
            case CLONE_NEWTIME -> "time";
            default -> null;
        };
    }

    /** CLONE_NEW* flag for an OCI/proc namespace name ("mount" and "mnt" both accepted), or 0. */
    public static int cloneFlag(String name) {
        return switch (name) {
            case "mnt", "mount" -> CLONE_NEWNS;
            case "pid" -> CLONE_NEWPID;
            case "net", "network" -> CLONE_NEWNET;
            case "ipc" -> CLONE_NEWIPC;
            case "uts" -> CLONE_NEWUTS;
            case "user" -> CLONE_NEWUSER;
            case "cgroup" -> CLONE_NEWCGROUP;
            case "time" -> CLONE_NEWTIME;
            default -> 0;
        };
    }

    /**
     * An fd (close-on-exec) of {@code /proc/PID/ns/NAME}, or -1 when that is this process's
     * own namespace (joining one's own user namespace is EINVAL) or the kernel has no such
     * namespace type.
     */
    public static int openIfOther(int pid, String name) {
        FileStat self;
        try {
            self = Linux.fstatat(Linux.AT_FDCWD, "/proc/self/ns/" + name, 0);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT) return -1;
            throw e;
        }
        int fd = Linux.open("/proc/" + pid + "/ns/" + name, 0x80000 /* O_RDONLY|O_CLOEXEC */, 0);
        FileStat other = Linux.fstat(fd);
        if (other.ino() == self.ino() && other.dev() == self.dev()) {
            Linux.closeQuietly(fd);
            return -1;
        }
        return fd;
    }
}
