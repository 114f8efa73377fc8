package dev.jrunc.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFdsTest {
    @TempDir
    Path dir;

    @Test
    void constantsMatchGcc() throws Exception {
        assumeTrue(CProbe.gccAvailable());
        Map<String, String> ex = new LinkedHashMap<>();
        for (String n : List.of("SYS_inotify_init1", "SYS_inotify_add_watch", "EFD_CLOEXEC", "EFD_NONBLOCK",
                "IN_CLOEXEC", "IN_NONBLOCK", "IN_MODIFY", "IN_IGNORED")) {
            ex.put(n, n);
        }
        ex.put("SIZE", "sizeof(struct inotify_event)");
        Map<String, Long> c = CProbe.eval(ex, "sys/eventfd.h", "sys/inotify.h", "sys/syscall.h");
        assertEquals((long) c.get("SYS_inotify_init1"), (long) EventFds.NR_INOTIFY_INIT1);
        assertEquals((long) c.get("SYS_inotify_add_watch"), (long) EventFds.NR_INOTIFY_ADD_WATCH);
        assertEquals((long) c.get("EFD_CLOEXEC"), (long) EventFds.EFD_CLOEXEC);
        assertEquals((long) c.get("EFD_NONBLOCK"), (long) EventFds.EFD_NONBLOCK);
        assertEquals((long) c.get("IN_CLOEXEC"), (long) EventFds.IN_CLOEXEC);
        assertEquals((long) c.get("IN_NONBLOCK"), (long) EventFds.IN_NONBLOCK);
        assertEquals((long) c.get("IN_MODIFY"), (long) EventFds.IN_MODIFY);
        assertEquals((long) c.get("IN_IGNORED"), (long) EventFds.IN_IGNORED);
        assertEquals((long) c.get("SIZE"), (long) EventFds.INOTIFY_EVENT_SIZE);
    }

    @Test
    void eventfdCountsAndPolls() {
        int fd = EventFds.eventfd(0, EventFds.EFD_CLOEXEC);
        try {
            assertFalse(EventFds.pollIn(fd, 0));
            EventFds.signal(fd, 2);
            EventFds.signal(fd, 3);
            assertTrue(EventFds.pollIn(fd, 0));
            assertEquals(5, EventFds.readCounter(fd));
            assertFalse(EventFds.pollIn(fd, 0));
        } finally {
            Linux.closeQuietly(fd);
        }
    }

    @Test
    void inotifyReportsModifiedFiles() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "x"), b = Files.writeString(dir.resolve("b"), "y");
        int fd = EventFds.inotifyInit(EventFds.IN_CLOEXEC | EventFds.IN_NONBLOCK);
        try {
            int wa = EventFds.inotifyAddWatch(fd, a.toString(), EventFds.IN_MODIFY);
            int wb = EventFds.inotifyAddWatch(fd, b.toString(), EventFds.IN_MODIFY);
            assertEquals(0, EventFds.inotifyRead(fd).length);
            assertFalse(EventFds.pollIn(fd, 0));
            Files.writeString(b, "z");
            assertTrue(EventFds.pollIn(fd, 0));
            assertArrayEquals(new int[] {wb, EventFds.IN_MODIFY}, EventFds.inotifyRead(fd));
            Files.writeString(a, "z");
            int[] ev = EventFds.inotifyRead(fd);
            assertEquals(wa, ev[0]);
            LinuxException e = org.junit.jupiter.api.Assertions.assertThrows(LinuxException.class,
                    () -> EventFds.inotifyAddWatch(fd, dir.resolve("missing").toString(), EventFds.IN_MODIFY));
            assertEquals(Errno.ENOENT, e.errno());
        } finally {
            Linux.closeQuietly(fd);
        }
    }
}
