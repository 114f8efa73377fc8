package dev.jrunc.linux.trampoline;

import dev.jrunc.linux.SysNr;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** strace-like rendering of plan entries, for {@link Plan#describe()}. */
final class StraceFormat {
    private StraceFormat() {}

    /** How a literal argument is printed. */
    enum K { D, DUPF, FD, U, X, O, P, MS, OF, CL, SIG, HOW, CR, UM, FCNTL, PR }

    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<Integer, K[]> KINDS = new HashMap<>();

    static {
        for (Field f : SysNr.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    NAMES.put(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        NAMES.put(Native.SYS_MPROTECT, "mprotect");
        NAMES.put(Native.SYS_DUP2, "dup2");
        NAMES.put(Native.SYS_RSEQ, "rseq");
        k(SysNr.read, K.FD, K.P, K.U);
        k(SysNr.write, K.FD, K.P, K.U);
        k(SysNr.close, K.FD);
        k(SysNr.openat, K.FD, K.P, K.OF, K.O);
        k(SysNr.open, K.P, K.OF, K.O);
        k(SysNr.mkdirat, K.FD, K.P, K.O);
        k(SysNr.mkdir, K.P, K.O);
        k(SysNr.mknodat, K.FD, K.P, K.O, K.X);
        k(SysNr.fchmodat, K.FD, K.P, K.O, K.X);
        k(SysNr.fchownat, K.FD, K.P, K.D, K.D, K.X);
        k(SysNr.symlinkat, K.P, K.FD, K.P);
        k(SysNr.unlinkat, K.FD, K.P, K.X);
        k(SysNr.mount, K.P, K.P, K.P, K.MS, K.P);
        k(SysNr.umount2, K.P, K.UM);
        k(SysNr.fchdir, K.FD);
        k(SysNr.execve, K.P, K.P, K.P);
        k(SysNr.dup3, K.FD, K.FD, K.DUPF);
        k(Native.SYS_DUP2, K.FD, K.FD);
        k(SysNr.fcntl, K.FD, K.FCNTL, K.X);
        k(SysNr.close_range, K.U, K.U, K.CR);
        k(SysNr.rt_sigaction, K.SIG, K.P, K.P, K.U);
        k(SysNr.rt_sigprocmask, K.HOW, K.P, K.P, K.U);
        k(SysNr.munmap, K.P, K.X);
        k(Native.SYS_MPROTECT, K.P, K.X, K.X);
        k(Native.SYS_RSEQ, K.P, K.U, K.X, K.X);
        k(SysNr.prctl, K.PR, K.X, K.X, K.X, K.X);
        k(SysNr.unshare, K.CL);
        k(SysNr.setns, K.FD, K.CL);
        k(SysNr.exit_group, K.D);
        k(SysNr.kill, K.D, K.SIG);
        k(SysNr.umask, K.O);
        k(SysNr.ioctl, K.FD, K.X, K.X);
        k(SysNr.setresuid, K.D, K.D, K.D);
        k(SysNr.setresgid, K.D, K.D, K.D);
        k(SysNr.pivot_root, K.P, K.P);
        k(SysNr.chroot, K.P);
        k(SysNr.chdir, K.P);
        k(SysNr.sethostname, K.P, K.U);
    }

    private static void k(int nr, K... kinds) {
        KINDS.put(nr, kinds);
    }

    static String name(int nr) {
        return NAMES.getOrDefault(nr, "syscall_" + nr);
    }

    static String call(int nr, List<Arg> args) {
        K[] kinds = KINDS.getOrDefault(nr, new K[0]);
        StringBuilder sb = new StringBuilder(name(nr)).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(arg(args.get(i), i < kinds.length ? kinds[i] : K.D));
        }
        return sb.append(')').toString();
    }

    static String arg(Arg a, K kind) {
        return switch (a) {
            case Arg.Literal l when l.display() != null -> l.display();
            case Arg.Literal l -> literal(l.value(), kind);
            case Arg.Result r -> "$" + r.entry();
            case Data d -> d.display() != null ? d.display() : "0x" + Long.toHexString(d.address());
            case Arg.Special s -> "<rseq area of the launching thread>";
        };
    }

    static String literal(long v, K kind) {
        return switch (kind) {
            case D -> (v > -4096 && v < 1 << 20) ? Long.toString(v) : hex(v);
            case FD -> (int) v == -100 ? "AT_FDCWD" : Integer.toString((int) v);
            case U -> Long.toUnsignedString(v);
            case X -> hex(v);
            case O -> v == 0 ? "0" : "0" + Long.toOctalString(v);
            case P -> v == 0 ? "NULL" : hex(v);
            case MS -> flags(v, MS);
            case OF -> openFlags(v);
            case DUPF -> flags(v, DUPF);
            case CL -> flags(v, CLONE);
            case SIG -> signal((int) v);
            case HOW -> v == 0 ? "SIG_BLOCK" : v == 1 ? "SIG_UNBLOCK" : v == 2 ? "SIG_SETMASK" : Long.toString(v);
            case CR -> flags(v, CR);
            case UM -> flags(v, UM);
            case FCNTL -> named(v, FCNTL);
            case PR -> named(v, PR);
        };
    }

    private static String hex(long v) {
        return v <= 9 && v > -4096 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    private static String named(long v, Object[] table) {
        for (int i = 0; i < table.length; i += 2) {
            if ((long) table[i] == v) {
                return (String) table[i + 1];
            }
        }
        return Long.toString(v);
    }

    private static String flags(long v, Object[] table) {
        if (v == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        long rest = v;
        for (int i = 0; i < table.length; i += 2) {
            long bit = (long) table[i];
            if ((rest & bit) == bit) {
                sb.append(sb.isEmpty() ? "" : "|").append(table[i + 1]);
                rest &= ~bit;
            }
        }
        if (rest != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(rest));
        }
        return sb.toString();
    }

    private static String openFlags(long v) {
        int acc = (int) (v & 3);
        String mode = acc == 0 ? "O_RDONLY" : acc == 1 ? "O_WRONLY" : acc == 2 ? "O_RDWR" : "3";
        long rest = v & ~3L;
        return rest == 0 ? mode : mode + "|" + flags(rest, OPEN);
    }

    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    static String signal(int sig) {
        if (sig > 0 && sig < SIGNALS.length) {
            return SIGNALS[sig];
        }
        return sig >= 32 && sig <= 64 ? "SIGRT_" + (sig - 32) : Integer.toString(sig);
    }

    /** A C-style quoted string: {@code "a\"b\n"}. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static final Object[] MS = {1L, "MS_RDONLY", 2L, "MS_NOSUID", 4L, "MS_NODEV", 8L, "MS_NOEXEC",
            16L, "MS_SYNCHRONOUS", 32L, "MS_REMOUNT", 64L, "MS_MANDLOCK", 128L, "MS_DIRSYNC", 256L, "MS_NOSYMFOLLOW",
            1024L, "MS_NOATIME", 2048L, "MS_NODIRATIME", 4096L, "MS_BIND", 8192L, "MS_MOVE", 16384L, "MS_REC",
            32768L, "MS_SILENT", 1L << 16, "MS_POSIXACL", 1L << 17, "MS_UNBINDABLE", 1L << 18, "MS_PRIVATE",
            1L << 19, "MS_SLAVE", 1L << 20, "MS_SHARED", 1L << 21, "MS_RELATIME", 1L << 22, "MS_KERNMOUNT",
            1L << 23, "MS_I_VERSION", 1L << 24, "MS_STRICTATIME", 1L << 25, "MS_LAZYTIME"};
    private static final Object[] OPEN = {0100L, "O_CREAT", 0200L, "O_EXCL", 0400L, "O_NOCTTY", 01000L, "O_TRUNC",
            02000L, "O_APPEND", 04000L, "O_NONBLOCK", 010000L, "O_DSYNC", 020000L, "O_ASYNC", 040000L, "O_DIRECT",
            0100000L, "O_LARGEFILE", 0200000L, "O_DIRECTORY", 0400000L, "O_NOFOLLOW", 01000000L, "O_NOATIME",
            02000000L, "O_CLOEXEC", 010000000L, "O_PATH"};
    private static final Object[] CLONE = {0x80L, "CLONE_NEWTIME", 0x100L, "CLONE_VM", 0x200L, "CLONE_FS",
            0x400L, "CLONE_FILES", 0x800L, "CLONE_SIGHAND", 0x1000L, "CLONE_PIDFD", 0x4000L, "CLONE_VFORK",
            0x8000L, "CLONE_PARENT", 0x10000L, "CLONE_THREAD", 0x20000L, "CLONE_NEWNS", 0x40000L, "CLONE_SYSVSEM",
            0x80000L, "CLONE_SETTLS", 0x02000000L, "CLONE_NEWCGROUP", 0x04000000L, "CLONE_NEWUTS",
            0x08000000L, "CLONE_NEWIPC", 0x10000000L, "CLONE_NEWUSER", 0x20000000L, "CLONE_NEWPID",
            0x40000000L, "CLONE_NEWNET", 0x200000000L, "CLONE_INTO_CGROUP"};
    private static final Object[] DUPF = {02000000L, "O_CLOEXEC"};
    private static final Object[] CR = {2L, "CLOSE_RANGE_UNSHARE", 4L, "CLOSE_RANGE_CLOEXEC"};
    private static final Object[] UM = {1L, "MNT_FORCE", 2L, "MNT_DETACH", 4L, "MNT_EXPIRE", 8L, "UMOUNT_NOFOLLOW"};
    private static final Object[] FCNTL = {0L, "F_DUPFD", 1L, "F_GETFD", 2L, "F_SETFD", 3L, "F_GETFL", 4L, "F_SETFL",
            1030L, "F_DUPFD_CLOEXEC"};
    private static final Object[] PR = {1L, "PR_SET_PDEATHSIG", 4L, "PR_SET_DUMPABLE", 8L, "PR_SET_KEEPCAPS",
            15L, "PR_SET_NAME", 22L, "PR_SET_SECCOMP", 24L, "PR_CAPBSET_DROP", 36L, "PR_SET_CHILD_SUBREAPER",
            38L, "PR_SET_NO_NEW_PRIVS", 47L, "PR_CAP_AMBIENT"};
}
