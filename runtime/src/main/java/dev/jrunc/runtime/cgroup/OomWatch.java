package dev.jrunc.runtime.cgroup;

import dev.jrunc.linux.EventFds;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code events} waits on besides its interval: the container cgroup's OOM kills and
 * the end of the cgroup, the way runc watches them.
 *
 * <ul>
 *   <li>v1: an eventfd registered for {@code memory.oom_control} through
 *       {@code cgroup.event_control}. The kernel signals it on each OOM and once more
 *       when the cgroup is removed; that last one is told apart by
 *       {@code cgroup.event_control} being gone. So the stream outlives the container's
 *       processes and ends at {@code delete}, as runc's does.</li>
 *   <li>v2: inotify (IN_MODIFY) on {@code memory.events} and {@code cgroup.events}: an
 *       OOM is a grown {@code oom_kill} counter (runc reports every change once the
 *       counter is non-zero; we report each increase), the end is {@code populated 0}
 *       or the watch going away with the cgroup.</li>
 *   <li>no memory controller: nothing to watch; the caller ends the stream when the
 *       cgroup directory is gone.</li>
 * </ul>
 */
public final class OomWatch implements AutoCloseable {
    private static final int O_RDONLY_CLOEXEC = 02000000;

    private final Kind kind;
    private final int fd;
    private final int evFile;
    private final Path dir;
    private final int memWd;
    private final int cgWd;
    private long oomKills;
    private boolean gone;

    private enum Kind { NONE, V1, V2 }

    private OomWatch(Kind kind, int fd, int evFile, Path dir, int memWd, int cgWd, long oomKills) {
        this.kind = kind;
        this.fd = fd;
        this.evFile = evFile;
        this.dir = dir;
        this.memWd = memWd;
        this.cgWd = cgWd;
        this.oomKills = oomKills;
    }

    /** No OOM notification (no memory controller): {@link #await} only waits. */
    static OomWatch none(Path dir) {
        return new OomWatch(Kind.NONE, -1, -1, dir, -1, -1, 0);
    }

    /** v1: registers an eventfd for {@code memDir/memory.oom_control}. */
    static OomWatch v1(Path memDir) throws CgroupException {
        int ev = -1, efd = -1;
        try {
            ev = Linux.open(memDir.resolve("memory.oom_control").toString(), O_RDONLY_CLOEXEC, 0);
            efd = EventFds.eventfd(0, EventFds.EFD_CLOEXEC);
            CgroupFiles.write(memDir.resolve("cgroup.event_control"), efd + " " + ev);
            return new OomWatch(Kind.V1, efd, ev, memDir, -1, -1, 0);
        } catch (LinuxException e) {
            Linux.closeQuietly(ev);
            Linux.closeQuietly(efd);
            throw new CgroupException("registering for OOM notifications in " + memDir + ": " + e.errnoName());
        }
    }

    /** v2: watches {@code dir/memory.events} (when the memory controller is on) and {@code dir/cgroup.events}. */
    static OomWatch v2(Path dir) throws CgroupException {
        int fd = -1;
        try {
            fd = EventFds.inotifyInit(EventFds.IN_CLOEXEC | EventFds.IN_NONBLOCK);
            Path mem = dir.resolve("memory.events");
            int memWd = -1;
            long kills = 0;
            if (Files.exists(mem)) {
                memWd = EventFds.inotifyAddWatch(fd, mem.toString(), EventFds.IN_MODIFY);
                kills = StatsJson.keyValues(mem).getOrDefault("oom_kill", 0L);
            }
            int cgWd = EventFds.inotifyAddWatch(fd, dir.resolve("cgroup.events").toString(), EventFds.IN_MODIFY);
            OomWatch w = new OomWatch(Kind.V2, fd, -1, dir, memWd, cgWd, kills);
            w.checkPopulated();
            return w;
        } catch (LinuxException e) {
            Linux.closeQuietly(fd);
            throw new CgroupException("watching " + dir + " for OOM events: " + e.errnoName());
        }
    }

    /** The fd to wait on; -1 when there is none. */
    int fd() {
        return fd;
    }

    /** True once the cgroup is known to be gone (v1 removed, v2 no process left). */
    public boolean gone() {
        if (kind == Kind.NONE && !gone) gone = !Files.isDirectory(dir);
        return gone;
    }

    /**
     * Waits at most {@code timeoutMillis} for a notification; returns how many OOM events
     * it brought (0 on timeout, or when the notification was the cgroup's end).
     */
    public int await(long timeoutMillis) {
        if (gone()) return 0;
        if (!EventFds.pollIn(fd, timeoutMillis)) return 0;
        return drain();
    }

    /** Handles what is queued on the fd (non-blocking for inotify; eventfd is readable when polled). */
    int drain() {
        switch (kind) {
            case V1 -> {
                EventFds.readCounter(fd);
                // a cgroup's removal signals every eventfd registered on it
                if (!Files.exists(dir.resolve("cgroup.event_control"))) {
                    gone = true;
                    return 0;
                }
                return 1;
            }
            case V2 -> {
                int oom = 0;
                int[] ev = EventFds.inotifyRead(fd);
                for (int i = 0; i + 1 < ev.length; i += 2) {
                    if ((ev[i + 1] & EventFds.IN_IGNORED) != 0) {
                        gone = true; // the watch went with the file: the cgroup was removed
                    } else if (ev[i] == memWd) {
                        long k = StatsJson.keyValues(dir.resolve("memory.events")).getOrDefault("oom_kill", 0L);
                        if (k > oomKills) oom++;
                        oomKills = Math.max(oomKills, k);
                    } else if (ev[i] == cgWd) {
                        checkPopulated();
                    }
                }
                return oom;
            }
            default -> {
                return 0;
            }
        }
    }

    private void checkPopulated() {
        String s = CgroupFiles.readQuietly(dir.resolve("cgroup.events"));
        if (s == null || s.contains("populated 0")) gone = true;
    }

    @Override
    public void close() {
        Linux.closeQuietly(fd);
        Linux.closeQuietly(evFile);
    }
}
