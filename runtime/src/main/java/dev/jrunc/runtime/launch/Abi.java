package dev.jrunc.runtime.launch;

/** Kernel ABI values the planner writes into steps (x86-64 Linux uapi). */
final class Abi {
    private Abi() {}

    // errno
    static final int EPERM = 1, ENOENT = 2, EEXIST = 17, EINVAL = 22, EBUSY = 16;

    // clone flags
    static final long CLONE_NEWTIME = 0x80L, CLONE_NEWNS = 0x20000L, CLONE_NEWCGROUP = 0x02000000L,
            CLONE_NEWUTS = 0x04000000L, CLONE_NEWIPC = 0x08000000L, CLONE_NEWUSER = 0x10000000L,
            CLONE_NEWPID = 0x20000000L, CLONE_NEWNET = 0x40000000L;

    // mount(2) flags
    static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16,
            MS_REMOUNT = 32, MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOSYMFOLLOW = 256, MS_NOATIME = 1024,
            MS_NODIRATIME = 2048, MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384, MS_SILENT = 32768,
            MS_UNBINDABLE = 1 << 17, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20,
            MS_RELATIME = 1 << 21, MS_I_VERSION = 1 << 23, MS_STRICTATIME = 1 << 24, MS_LAZYTIME = 1 << 25;
    static final long MNT_DETACH = 2;

    // mount_setattr(2)
    static final long MOUNT_ATTR_RDONLY = 1, MOUNT_ATTR_NOSUID = 2, MOUNT_ATTR_NODEV = 4,
            MOUNT_ATTR_NOEXEC = 8, MOUNT_ATTR__ATIME = 0x70, MOUNT_ATTR_RELATIME = 0,
            MOUNT_ATTR_NOATIME = 0x10, MOUNT_ATTR_STRICTATIME = 0x20, MOUNT_ATTR_NODIRATIME = 0x80,
            MOUNT_ATTR_NOSYMFOLLOW = 0x200000;
    static final long AT_EMPTY_PATH = 0x1000, AT_RECURSIVE = 0x8000, AT_SYMLINK_NOFOLLOW = 0x100;
    static final long AT_FDCWD = -100;

    // open flags
    static final long O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_NOCTTY = 0x100,
            O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    static final long RESOLVE_NO_XDEV = 1, RESOLVE_NO_MAGICLINKS = 2, RESOLVE_NO_SYMLINKS = 4,
            RESOLVE_BENEATH = 8, RESOLVE_IN_ROOT = 0x10;

    // modes
    static final long S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000;

    static final long CLOSE_RANGE_CLOEXEC = 4;

    // prctl(2)
    static final long PR_SET_DUMPABLE = 4, PR_SET_KEEPCAPS = 8, PR_CAPBSET_DROP = 24, PR_SET_NO_NEW_PRIVS = 38, PR_CAP_AMBIENT = 47,
            PR_CAP_AMBIENT_RAISE = 2;

    /** makedev as glibc encodes it. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }
}
