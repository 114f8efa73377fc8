package dev.jrunc.conformance.engines;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What the engine tests need from the host: running engine CLIs with stdio on
 * files, the busybox rootfs the images are made of, reading a process's cgroup
 * from the host side, and the cleanup of what an engine leaves behind (its
 * processes, mounts, cgroups and run directories).
 */
final class Host {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Host() {}

    /** One finished command: exit status and its stdout/stderr (CR and NUL stripped). */
    record Result(List<String> command, int exit, String out, String err) {
        String outTrimmed() {
            return out.strip();
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    /**
     * Runs CMD with stdin from /dev/null and stdout/stderr on files under
     * {@code outDir}: a detached container or daemon may keep inherited
     * descriptors open, so pipes would not reach EOF. Fails the test on timeout.
     */
    static Result run(Path outDir, Map<String, String> env, Duration timeout, List<String> cmd) {
        int n = SEQ.incrementAndGet();
        Path out = outDir.resolve("cmd" + n + ".out");
        Path err = outDir.resolve("cmd" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        try {
            Files.createDirectories(outDir);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                fail("timed out after " + timeout + ": " + String.join(" ", cmd) + "\nstdout: " + read(out)
                        + "\nstderr: " + read(err));
            }
            return new Result(List.copyOf(cmd), p.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a shell command line under script(1), so the client has a terminal (for {@code -t}). */
    static Result runWithTty(Path outDir, Map<String, String> env, Duration timeout, List<String> cmd) {
        StringBuilder line = new StringBuilder();
        for (String a : cmd) line.append(shellQuote(a)).append(' ');
        return run(outDir, env, timeout, List.of("script", "-qec", line.toString(), "/dev/null"));
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p).replace("\r", "").replace("\0", "") : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path p, int lines) {
        String[] all = read(p).split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls COND every 100 ms until it holds or WITHIN passed; returns its last value. */
    static boolean await(Duration within, BooleanSupplier cond) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) return true;
            sleep(100);
        }
        return cond.getAsBoolean();
    }

    // ---- image material -------------------------------------------------------------

    /** The host's static busybox (Debian: busybox-static); fails the test when it is missing or dynamic. */
    static Path busybox() {
        Path bb = Path.of(System.getProperty("jrunc.busybox", "/bin/busybox"));
        if (!Files.isExecutable(bb)) fail(bb + " is missing (install busybox-static)");
        return bb;
    }

    /**
     * DIR: a minimal root filesystem: static busybox, a link per applet, /etc/passwd
     * and /etc/group with root and nobody, the usual empty directories.
     */
    static void makeRootfs(Path dir, Path outDir) throws IOException {
        Path bb = busybox();
        for (String d : List.of("bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "root", "var/tmp", "run", "home")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.copy(bb, dir.resolve("bin/busybox"));
        Result list = run(outDir, Map.of(), Duration.ofSeconds(10), List.of(bb.toString(), "--list"));
        if (list.exit() != 0) fail("busybox --list failed: " + list);
        for (String applet : list.out().split("\n")) {
            applet = applet.strip();
            if (applet.isEmpty() || applet.equals("busybox")) continue;
            Path link = dir.resolve("bin").resolve(applet);
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of("busybox"));
        }
        Files.writeString(dir.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnobody:x:65534:\n");
        Files.writeString(dir.resolve("etc/hosts"), "");
        Files.writeString(dir.resolve("etc/resolv.conf"), "");
        chmod(outDir, "1777", dir.resolve("tmp"), dir.resolve("var/tmp"));
    }

    /** OUT: a plain tar of a fresh busybox rootfs (owner root), for {@code docker/podman import}. */
    static Path makeRootfsTar(Path work, Path out) throws IOException {
        Path dir = work.resolve("rootfs-for-tar");
        makeRootfs(dir, work);
        Result r = run(work, Map.of(), Duration.ofSeconds(30), List.of(
                "tar", "--numeric-owner", "--owner=0", "--group=0", "-C", dir.toString(), "-cf", out.toString(), "."));
        if (r.exit() != 0) fail("tar failed: " + r);
        deleteTree(dir);
        return out;
    }

    private static void chmod(Path outDir, String mode, Path... paths) {
        List<String> cmd = new ArrayList<>(List.of("chmod", mode));
        for (Path p : paths) cmd.add(p.toString());
        Result r = run(outDir, Map.of(), Duration.ofSeconds(10), cmd);
        if (r.exit() != 0) fail("chmod failed: " + r);
    }

    // ---- cgroups, seen from the host ------------------------------------------------

    /** mountpoint of the v1 hierarchy carrying CONTROLLER, or of cgroup2 when CONTROLLER is null. */
    private static String cgroupMount(String controller) {
        for (String line : readLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 0 || dash + 3 >= f.length) continue;
            String fs = f[dash + 1];
            String mp = f[4].replace("\\040", " ");
            if (controller == null && fs.equals("cgroup2")) return mp;
            if (controller != null && fs.equals("cgroup") && Set.of(f[dash + 3].split(",")).contains(controller)) return mp;
        }
        return null;
    }

    /** the host path of PID's cgroup directory for CONTROLLER (v1), else its cgroup2 directory. */
    static Path cgroupDir(long pid, String controller) {
        for (String line : readLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && Set.of(f[1].split(",")).contains(controller)) {
                String mnt = cgroupMount(controller);
                if (mnt != null) return Path.of(mnt + f[2]);
            }
        }
        for (String line : readLines(Path.of("/proc/" + pid + "/cgroup"))) {
            if (line.startsWith("0::")) {
                String mnt = cgroupMount(null);
                if (mnt != null) return Path.of(mnt + line.substring(3));
            }
        }
        fail("no " + controller + " cgroup for pid " + pid);
        return null;
    }

    /** PID's memory limit in bytes as the host's cgroupfs has it ("max" on v2 without a limit). */
    static String memoryLimitOf(long pid) {
        Path d = cgroupDir(pid, "memory");
        Path v1 = d.resolve("memory.limit_in_bytes");
        return (Files.exists(v1) ? read(v1) : read(d.resolve("memory.max"))).strip();
    }

    /** PID's freezer state: FROZEN / FREEZING / THAWED (v2 cgroup.freeze 1/0 as FROZEN/THAWED). */
    static String freezerStateOf(long pid) {
        Path d = cgroupDir(pid, "freezer");
        Path v1 = d.resolve("freezer.state");
        if (Files.exists(v1)) return read(v1).strip();
        return read(d.resolve("cgroup.freeze")).strip().equals("1") ? "FROZEN" : "THAWED";
    }

    /** the shell line that prints the memory limit from inside a container (v1, else v2) */
    static final String INSIDE_MEMLIMIT =
            "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max";

    /** every cgroup mountpoint (v1 hierarchies and cgroup2) */
    private static List<Path> cgroupMounts() {
        List<Path> out = new ArrayList<>();
        for (String line : readLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash > 0 && dash + 1 < f.length && (f[dash + 1].equals("cgroup") || f[dash + 1].equals("cgroup2"))) {
                out.add(Path.of(f[4].replace("\\040", " ")));
            }
        }
        return out;
    }

    /**
     * Kills every process in cgroup REL (e.g. "/jrunc-engines-123") and below in
     * every hierarchy (thawing it first, so the SIGKILL is delivered), then removes
     * the directories. For leftovers of containers an engine ran under that parent.
     */
    static void killAndRemoveCgroup(String rel) {
        if (rel == null || rel.equals("/") || rel.isBlank()) return;
        List<Path> dirs = new ArrayList<>();
        for (Path m : cgroupMounts()) {
            Path d = Path.of(m + rel);
            if (Files.isDirectory(d)) dirs.add(d);
        }
        for (Path d : dirs) {
            for (Path sub : walkDirs(d)) {
                writeQuietly(sub.resolve("freezer.state"), "THAWED");
                writeQuietly(sub.resolve("cgroup.freeze"), "0");
            }
        }
        for (int i = 0; i < 20; i++) {
            Set<Long> pids = new HashSet<>();
            for (Path d : dirs) {
                for (Path sub : walkDirs(d)) {
                    for (String p : readLines(sub.resolve("cgroup.procs"))) {
                        if (!p.isBlank()) pids.add(Long.parseLong(p.strip()));
                    }
                }
            }
            if (pids.isEmpty()) break;
            for (long p : pids) ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
            sleep(200);
        }
        for (Path d : dirs) {
            List<Path> subs = walkDirs(d);
            subs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path sub : subs) {
                try {
                    Files.deleteIfExists(sub);
                } catch (IOException ignored) {
                    // busy or not empty: reported by the caller's leak check
                }
            }
        }
    }

    private static List<Path> walkDirs(Path d) {
        List<Path> out = new ArrayList<>();
        try (var s = Files.walk(d)) {
            s.filter(Files::isDirectory).forEach(out::add);
        } catch (IOException | UncheckedIOException ignored) {
            // vanished meanwhile
        }
        return out;
    }

    // ---- cleanup of engine leftovers ------------------------------------------------

    /** Terminates (TERM, then KILL after 5 s) every process whose argv mentions S, except this JVM. */
    static void killProcessesMentioning(String s) {
        List<ProcessHandle> victims = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> cmdline(p.pid()).contains(s))
                .toList();
        victims.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && victims.stream().anyMatch(ProcessHandle::isAlive)) sleep(100);
        victims.forEach(ProcessHandle::destroyForcibly);
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops a daemon we started: SIGTERM, then SIGKILL after WITHIN; waits for it. */
    static void stopProcess(Process p, Duration within) {
        if (p == null || !p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unmounts everything mounted at or below DIR, deepest first (lazily if busy). */
    static void unmountUnder(Path dir, Path outDir) {
        String prefix = dir.toString();
        for (int pass = 0; pass < 3; pass++) {
            List<String> mps = new ArrayList<>();
            for (String line : readLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length < 5) continue;
                String mp = f[4].replace("\\040", " ");
                if (mp.equals(prefix) || mp.startsWith(prefix + "/")) mps.add(mp);
            }
            if (mps.isEmpty()) return;
            mps.sort(Comparator.comparingInt(String::length).reversed());
            for (String mp : mps) {
                if (run(outDir, Map.of(), Duration.ofSeconds(20), List.of("umount", mp)).exit() != 0) {
                    run(outDir, Map.of(), Duration.ofSeconds(20), List.of("umount", "-l", mp));
                }
            }
        }
    }

    /** true when something is still mounted at or below DIR */
    static boolean hasMountsUnder(Path dir) {
        String prefix = dir.toString();
        for (String line : readLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length < 5) continue;
            String mp = f[4].replace("\\040", " ");
            if (mp.equals(prefix) || mp.startsWith(prefix + "/")) return true;
        }
        return false;
    }

    /** Removes DIR recursively without crossing into mounts (refuses while anything is mounted below). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) || hasMountsUnder(dir)) return;
        try {
            new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Of DIRS, those that do not exist now: the caller removes them again after
     * the engine ran, if still empty (engines create e.g. /run/containerd/s).
     */
    static List<Path> absentNow(String... dirs) {
        List<Path> out = new ArrayList<>();
        for (String d : dirs) {
            if (!Files.exists(Path.of(d))) out.add(Path.of(d));
        }
        return out;
    }

    /** rmdir each of DIRS that is empty, deepest first. */
    static void removeIfEmpty(List<Path> dirs) {
        List<Path> sorted = new ArrayList<>(dirs);
        sorted.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path d : sorted) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException ignored) {
                // not empty: someone else uses it now
            }
        }
    }

    /** Whether the effective capability set holds capability NUM (24 = CAP_SYS_RESOURCE). */
    static boolean hasCapability(int num) {
        for (String line : readLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                long eff = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                return ((eff >>> num) & 1) != 0;
            }
        }
        return false;
    }

    static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void writeQuietly(Path p, String v) {
        try {
            if (Files.exists(p)) Files.writeString(p, v);
        } catch (IOException ignored) {
            // not writable: nothing frozen there
        }
    }

    /** Whether EXE is on this machine (absolute path, or found on PATH). */
    static boolean installed(String exe) {
        if (exe.startsWith("/")) return Files.isExecutable(Path.of(exe));
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, exe))) return true;
        }
        return false;
    }

    /** Fails (not skips) when one of EXES is missing: CI installs the engines (scripts/prereqs.sh). */
    static void require(String... exes) {
        for (String e : exes) {
            if (!installed(e)) fail(e + " is not installed; run scripts/prereqs.sh (installs podman, containerd, docker.io)");
        }
    }
}
