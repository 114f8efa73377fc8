package dev.jrunc.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class Openat2Test {
    private static final long O_RDONLY = 0, O_PATH = 010000000, O_DIRECTORY = 0200000, O_CLOEXEC = 02000000;
    private static final long RESOLVE_NO_SYMLINKS = 0x04, RESOLVE_IN_ROOT = 0x10, RESOLVE_BENEATH = 0x08;

    @Test
    void resolveInRootKeepsAbsoluteSymlinksInside(@TempDir Path rootfs) throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hostname"), "inside");
        // absolute symlink: on the host it would point at the host's /etc/hostname
        Files.createSymbolicLink(rootfs.resolve("link"), Path.of("/etc/hostname"));
        try (Fd root = Fd.of(Linux.open(rootfs.toString(), (int) (O_PATH | O_DIRECTORY | O_CLOEXEC), 0))) {
            try (Fd f = Fd.of(Linux.openat2(root.fd(), "/link", O_RDONLY | O_CLOEXEC, 0, RESOLVE_IN_ROOT))) {
                byte[] buf = new byte[32];
                int n = Linux.read(f.fd(), buf, 0, buf.length);
                assertEquals("inside", new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            try (Fd f = Fd.of(Linux.openat2(root.fd(), "../../../etc/hostname", O_RDONLY | O_CLOEXEC, 0,
                    RESOLVE_IN_ROOT))) {
                byte[] buf = new byte[32];
                int n = Linux.read(f.fd(), buf, 0, buf.length);
                assertEquals("inside", new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            LinuxException e = assertThrows(LinuxException.class,
                    () -> Linux.openat2(root.fd(), "link", O_RDONLY | O_CLOEXEC, 0, RESOLVE_NO_SYMLINKS));
            assertEquals(Errno.ELOOP, e.errno());
            e = assertThrows(LinuxException.class,
                    () -> Linux.openat2(root.fd(), "../x", O_RDONLY | O_CLOEXEC, 0, RESOLVE_BENEATH));
            assertEquals(Errno.EXDEV, e.errno());
            assertTrue(e.getMessage().startsWith("openat2 ../x: EXDEV"), e.getMessage());
        }
    }
}
