package dev.jrunc.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * All mount work happens on a throw-away thread that first unshares its mount namespace
 * (unshare(CLONE_NEWNS) implies CLONE_FS for that thread only) and makes "/" private, so nothing
 * reaches the host's mount table.
 */
class MountsTest {
    private static final long MS_REC = 16384, MS_PRIVATE = 1 << 18, MS_RDONLY = 1, MS_REMOUNT = 32, MS_BIND = 4096;
    private static final int MNT_DETACH = 2;
    private static final int AT_EMPTY_PATH = 0x1000, AT_RECURSIVE = 0x8000;
    private static final int OPEN_TREE_CLONE = 1, OPEN_TREE_CLOEXEC = 02000000;
    private static final int MOVE_MOUNT_F_EMPTY_PATH = 4;
    private static final long MOUNT_ATTR_RDONLY = 1;

    private static void privateNamespace() {
        Namespaces.unshare(Namespaces.CLONE_FS | Namespaces.CLONE_NEWNS);
        Mounts.mount(null, "/", null, MS_REC | MS_PRIVATE, null);
    }

    private static boolean mounted(Path p) {
        return ProcFiles.readSmallString("/proc/thread-self/mountinfo").contains(" " + p + " ");
    }

    @Test
    void mountAndUmountTmpfs(@TempDir Path dir) throws Exception {
        String r = ThreadRunner.onFreshThread(() -> {
            privateNamespace();
            Mounts.mount("jrunc-test", dir.toString(), "tmpfs", 0, "size=1m,mode=0755");
            assertTrue(mounted(dir));
            Files.writeString(dir.resolve("f"), "x");
            Mounts.mount(null, dir.toString(), null, MS_REMOUNT | MS_BIND | MS_RDONLY, null);
            LinuxException e = assertThrows(LinuxException.class,
                    () -> Linux.open(dir.resolve("g").toString(), 0100 /* O_CREAT */ | 1, 0644));
            assertEquals(Errno.EROFS, e.errno());
            Mounts.umount2(dir.toString(), 0);
            assertFalse(mounted(dir));
            return "ok";
        });
        assertEquals("ok", r);
        assertFalse(Files.exists(dir.resolve("f")), "tmpfs content must not leak to the host dir");
        assertFalse(ProcFiles.readSmallString("/proc/self/mountinfo").contains(" " + dir + " "));
    }

    @Test
    void mountErrorMessage(@TempDir Path dir) throws Exception {
        String r = ThreadRunner.onFreshThread(() -> {
            privateNamespace();
            LinuxException e = assertThrows(LinuxException.class,
                    () -> Mounts.mount("proc", dir.resolve("missing").toString(), "proc", 0, null));
            assertEquals("mount proc on " + dir.resolve("missing") + ": ENOENT (No such file or directory)",
                    e.getMessage());
            return "ok";
        });
        assertEquals("ok", r);
    }

    @Test
    void newMountApi(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        String r = ThreadRunner.onFreshThread(() -> {
            privateNamespace();
            try (Fd fs = Fd.of(Mounts.fsopen("tmpfs", 1 /* FSOPEN_CLOEXEC */))) {
                Mounts.fsconfigString(fs.fd(), "size", "1m");
                Mounts.fsconfigCreate(fs.fd());
                try (Fd mnt = Fd.of(Mounts.fsmount(fs.fd(), 1 /* FSMOUNT_CLOEXEC */, 0))) {
                    Mounts.moveMount(mnt.fd(), "", Linux.AT_FDCWD, a.toString(), MOVE_MOUNT_F_EMPTY_PATH);
                }
            }
            assertTrue(mounted(a));
            Files.writeString(a.resolve("hello"), "world");
            try (Fd tree = Fd.of(Mounts.openTree(Linux.AT_FDCWD, a.toString(),
                    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE))) {
                Mounts.mountSetattr(tree.fd(), "", AT_EMPTY_PATH | AT_RECURSIVE, MOUNT_ATTR_RDONLY, 0, 0, 0);
                Mounts.moveMount(tree.fd(), "", Linux.AT_FDCWD, b.toString(), MOVE_MOUNT_F_EMPTY_PATH);
            }
            assertEquals("world", Files.readString(b.resolve("hello")));
            LinuxException e = assertThrows(LinuxException.class,
                    () -> Linux.open(b.resolve("new").toString(), 0100 | 1, 0644));
            assertEquals(Errno.EROFS, e.errno());
            Mounts.umount2(b.toString(), MNT_DETACH);
            Mounts.umount2(a.toString(), MNT_DETACH);
            return "ok";
        });
        assertEquals("ok", r);
        assertFalse(Files.exists(a.resolve("hello")));
    }
}
