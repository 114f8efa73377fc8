package dev.jrunc.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Host-side process and mount inspection through /proc. */
public final class Procs {
    private Procs() {}

    /** The state letter from /proc/PID/stat, or 0 when there is no such process. */
    public static char state(long pid) {
        String s = stat(pid);
        return s == null ? 0 : s.substring(s.lastIndexOf(')') + 2).charAt(0);
    }

    /** Running, sleeping, stopped... anything but gone or a zombie. */
    public static boolean alive(long pid) {
        char c = state(pid);
        return c != 0 && c != 'Z' && c != 'X';
    }

    public static long ppid(long pid) {
        String s = stat(pid);
        if (s == null) return -1;
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[1]);
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return null;
        }
    }

    /** A field of /proc/PID/status without its unit ("Threads" -> "1", "VmRSS" -> "48"). */
    public static String statusField(long pid, String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(name + ":")) {
                String v = line.substring(name.length() + 1).strip();
                return v.endsWith(" kB") ? v.substring(0, v.length() - 3).strip() : v;
            }
        }
        return null;
    }

    /** Pids whose parent is {@code ppid}. */
    public static List<Long> childrenOf(long ppid) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                long pid = Long.parseLong(n);
                if (ppid(pid) == ppid) out.add(pid);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** Waits until pid is gone or a zombie. */
    public static boolean awaitGone(long pid, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > deadline) return false;
            Jrunc.sleep(20);
        }
        return true;
    }

    public static Set<String> hostMountinfo() throws IOException {
        return new LinkedHashSet<>(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    public static int fdCount() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    public static String readLink(String path) throws IOException {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Every cgroup directory under /sys/fs/cgroup (any hierarchy, a few levels deep) named {@code name}. */
    public static List<Path> cgroupDirsNamed(String name) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 6,
                (p, a) -> a.isDirectory() && p.getFileName().toString().equals(name))) {
            s.forEach(out::add);
        }
        return out;
    }

    /** Mount point (field 5) of a mountinfo line. */
    public static String mountPoint(String mountinfoLine) {
        return mountinfoLine.split(" ")[4];
    }
}
