package dev.jrunc.linux;

import dev.jrunc.linux.generated.mount_attr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static dev.jrunc.linux.Linux.addr;
import static dev.jrunc.linux.Linux.cstr;

/** mount(2), umount2(2), pivot_root(2) and the new mount API (open_tree, move_mount, fs*, mount_setattr). */
public final class Mounts {
    private Mounts() {}

    // fsconfig(2) commands (linux/mount.h enum fsconfig_command)
    public static final int FSCONFIG_SET_FLAG = 0;
    public static final int FSCONFIG_SET_STRING = 1;
    public static final int FSCONFIG_SET_BINARY = 2;
    public static final int FSCONFIG_SET_PATH = 3;
    public static final int FSCONFIG_SET_PATH_EMPTY = 4;
    public static final int FSCONFIG_SET_FD = 5;
    public static final int FSCONFIG_CMD_CREATE = 6;
    public static final int FSCONFIG_CMD_RECONFIGURE = 7;

    /** mount(2). Any of source, fstype, data may be null. */
    public static void mount(String source, String target, String fstype, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            Syscalls.call("mount " + (source == null ? "none" : source) + " on " + target, SysNr.mount,
                    addr(cstr(a, source)), addr(cstr(a, target)), addr(cstr(a, fstype)), flags, addr(cstr(a, data)), 0);
        }
    }

    /** umount2(2); flags MNT_DETACH, MNT_FORCE, UMOUNT_NOFOLLOW. */
    public static void umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            Syscalls.call("umount " + target, SysNr.umount2, addr(cstr(a, target)), flags);
        }
    }

    /** pivot_root(2). */
    public static void pivotRoot(String newRoot, String putOld) {
        try (Arena a = Arena.ofConfined()) {
            Syscalls.call("pivot_root " + newRoot + " " + putOld, SysNr.pivot_root, addr(cstr(a, newRoot)),
                    addr(cstr(a, putOld)));
        }
    }

    /** open_tree(2); flags OPEN_TREE_CLONE, OPEN_TREE_CLOEXEC, AT_RECURSIVE, AT_EMPTY_PATH... */
    public static int openTree(int dirfd, String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Syscalls.call("open_tree " + path, SysNr.open_tree, dirfd, addr(cstr(a, path)),
                    Integer.toUnsignedLong(flags));
        }
    }

    /** move_mount(2); flags MOVE_MOUNT_F_EMPTY_PATH, MOVE_MOUNT_T_EMPTY_PATH, ... */
    public static void moveMount(int fromDirfd, String fromPath, int toDirfd, String toPath, int flags) {
        try (Arena a = Arena.ofConfined()) {
            Syscalls.call("move_mount " + fromPath + " to " + toPath, SysNr.move_mount, fromDirfd,
                    addr(cstr(a, fromPath == null ? "" : fromPath)), toDirfd, addr(cstr(a, toPath == null ? "" : toPath)),
                    flags);
        }
    }

    /** fsopen(2); flags FSOPEN_CLOEXEC. Returns a filesystem context fd. */
    public static int fsopen(String fsname, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Syscalls.call("fsopen " + fsname, SysNr.fsopen, addr(cstr(a, fsname)), flags);
        }
    }

    /** fsconfig(2) raw form: key/value strings may be null. */
    public static void fsconfig(int fsfd, int cmd, String key, String value, int aux) {
        try (Arena a = Arena.ofConfined()) {
            Syscalls.call("fsconfig " + (key == null ? "cmd " + cmd : key), SysNr.fsconfig, fsfd, cmd,
                    addr(cstr(a, key)), addr(cstr(a, value)), aux);
        }
    }

    public static void fsconfigString(int fsfd, String key, String value) {
        fsconfig(fsfd, FSCONFIG_SET_STRING, key, value, 0);
    }

    public static void fsconfigFlag(int fsfd, String key) {
        fsconfig(fsfd, FSCONFIG_SET_FLAG, key, null, 0);
    }

    public static void fsconfigFd(int fsfd, String key, int fd) {
        fsconfig(fsfd, FSCONFIG_SET_FD, key, null, fd);
    }

    public static void fsconfigCreate(int fsfd) {
        fsconfig(fsfd, FSCONFIG_CMD_CREATE, null, null, 0);
    }

    /** fsmount(2); flags FSMOUNT_CLOEXEC; attrFlags MOUNT_ATTR_*. Returns a detached mount fd. */
    public static int fsmount(int fsfd, int flags, int attrFlags) {
        return (int) Syscalls.call("fsmount", SysNr.fsmount, fsfd, flags, attrFlags);
    }

    /**
     * mount_setattr(2) with {@code struct mount_attr}; flags AT_RECURSIVE, AT_EMPTY_PATH...;
     * {@code usernsFd} only used with MOUNT_ATTR_IDMAP (pass 0 otherwise).
     */
    public static void mountSetattr(int dirfd, String path, int flags, long attrSet, long attrClr, long propagation,
                                    long usernsFd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = mount_attr.allocate(a);
            mount_attr.attr_set(attr, attrSet);
            mount_attr.attr_clr(attr, attrClr);
            mount_attr.propagation(attr, propagation);
            mount_attr.userns_fd(attr, usernsFd);
            Syscalls.call("mount_setattr " + path, SysNr.mount_setattr, dirfd, addr(cstr(a, path == null ? "" : path)),
                    flags, attr.address(), attr.byteSize());
        }
    }
}
