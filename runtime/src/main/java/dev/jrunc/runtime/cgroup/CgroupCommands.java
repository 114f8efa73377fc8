package dev.jrunc.runtime.cgroup;

import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.container.ContainerDir;
import dev.jrunc.runtime.container.ContainerStatus;
import dev.jrunc.runtime.log.RuntimeLog;
import dev.jrunc.spec.config.Resources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** pause, resume, ps, events and update: the commands that work on a container's cgroup. */
public final class CgroupCommands {
    private final Path root;
    private final RuntimeLog log;

    public CgroupCommands(Path root, RuntimeLog log) {
        this.root = root;
        this.log = log;
    }

    private static CgroupManager manager(ContainerDir dir) throws JruncException {
        CgroupManager m = ContainerCgroups.load(dir.path());
        if (m == null) throw new JruncException("container " + dir.id() + " has no cgroup");
        return m;
    }

    public void pause(String id) throws JruncException {
        ContainerDir dir = ContainerDir.open(root, id);
        try (AutoCloseable lock = dir.lock()) {
            ContainerStatus st = dir.status();
            if (st != ContainerStatus.RUNNING && st != ContainerStatus.CREATED) {
                throw new JruncException("container not running");
            }
            manager(dir).freeze();
        } catch (JruncException e) {
            throw e;
        } catch (Exception e) {
            throw new JruncException("pause: " + e.getMessage(), e);
        }
    }

    public void resume(String id) throws JruncException {
        ContainerDir dir = ContainerDir.open(root, id);
        try (AutoCloseable lock = dir.lock()) {
            if (dir.status() != ContainerStatus.PAUSED) throw new JruncException("container not paused");
            manager(dir).thaw();
        } catch (JruncException e) {
            throw e;
        } catch (Exception e) {
            throw new JruncException("resume: " + e.getMessage(), e);
        }
    }

    private CgroupManager running(String id) throws JruncException {
        ContainerDir dir = ContainerDir.open(root, id);
        ContainerStatus st = dir.status();
        if (st == ContainerStatus.STOPPED || st == ContainerStatus.CREATING) throw new JruncException("container not running");
        return manager(dir);
    }

    /** {@code ps}: "json" is the list of pids; "table" is ps(1)'s output filtered to them, as runc does. */
    public String ps(String id, String format, List<String> psArgs) throws JruncException {
        List<Integer> pids = running(id).pids();
        if (format.equals("json")) return pids.toString().replace(" ", "") + "\n";
        if (!format.equals("table")) throw new JruncException("invalid format option");
        List<String> cmd = new ArrayList<>();
        cmd.add("ps");
        cmd.addAll(psArgs.isEmpty() ? List.of("-ef") : psArgs);
        String out;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new JruncException(String.join(" ", cmd) + " failed: " + out.strip());
        } catch (IOException e) {
            throw new JruncException("running ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JruncException("running ps: interrupted");
        }
        String[] lines = out.split("\n");
        if (lines.length == 0) return out;
        int col = -1;
        String[] head = lines[0].trim().split("\\s+");
        for (int i = 0; i < head.length; i++) if (head[i].equals("PID")) col = i;
        if (col < 0) throw new JruncException("couldn't find PID field in ps output");
        Set<Integer> mine = new HashSet<>(pids);
        StringBuilder sb = new StringBuilder(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length <= col) continue;
            try {
                if (mine.contains(Integer.parseInt(f[col]))) sb.append(lines[i]).append('\n');
            } catch (NumberFormatException ignored) {
                // not a process line
            }
        }
        return sb.toString();
    }

    /**
     * {@code events}: with {@code stats} one stats object; else, as runc, a stats object
     * every interval (the first after one interval) and an {@code oom} object for each OOM
     * notification, until the container's cgroup ends (v1: removed by delete; v2: no
     * process left), the container is deleted, or stdout is closed.
     */
    public void events(String id, boolean stats, long intervalMillis, PrintStream out) throws JruncException {
        ContainerDir dir = ContainerDir.open(root, id);
        if (intervalMillis <= 0) throw new JruncException("duration interval must be greater than 0");
        ContainerStatus st = dir.status();
        if (st == ContainerStatus.STOPPED) throw new JruncException("container with id " + id + " is not running");
        if (st == ContainerStatus.CREATING) throw new JruncException("container not running");
        CgroupManager m = manager(dir);
        if (stats) {
            out.println(statsLine(id, m));
            out.flush();
            return;
        }
        try (OomWatch w = m.watchOom()) {
            stream(id, m, w, intervalMillis, out, dir.path());
        }
    }

    private static String statsLine(String id, CgroupManager m) {
        return "{\"type\":\"stats\",\"id\":" + dev.jrunc.spec.JsonText.quoted(id) + ",\"data\":" + m.statsJson() + "}";
    }

    /** The streaming loop; {@code stateDir} (may be null) going away ends it too. */
    static void stream(String id, CgroupManager m, OomWatch w, long intervalMillis, PrintStream out, Path stateDir) {
        String oom = "{\"type\":\"oom\",\"id\":" + dev.jrunc.spec.JsonText.quoted(id) + "}";
        long interval = intervalMillis * 1_000_000L;
        long next = System.nanoTime() + interval;
        while (!out.checkError()) {
            if (w.gone() || stateDir != null && !Files.isDirectory(stateDir)) return;
            long now = System.nanoTime();
            if (now - next >= 0) {
                out.println(statsLine(id, m));
                out.flush();
                // like a ticker that drops ticks nobody took: never a burst after a slow sample
                next = Math.max(next + interval, System.nanoTime());
                continue;
            }
            // wake at least once a second to notice a deleted container whose cgroup stays
            int n = w.await(Math.min((next - now + 999_999L) / 1_000_000L, 1000L));
            for (int i = 0; i < n; i++) out.println(oom);
            if (n > 0) out.flush();
        }
    }

    /** {@code update}: new limits from a resources document ("-": stdin) or from the flags. */
    public void update(String id, String resourcesFile, java.util.Map<String, String> flags, InputStream stdin)
            throws JruncException {
        Resources r;
        if (resourcesFile != null) {
            byte[] json;
            try {
                if (resourcesFile.equals("-")) {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    stdin.transferTo(b);
                    json = b.toByteArray();
                } else {
                    json = Files.readAllBytes(Path.of(resourcesFile));
                }
            } catch (IOException e) {
                throw new JruncException("reading resources " + resourcesFile + ": " + e.getMessage(), e);
            }
            r = UpdateResources.parse(json);
        } else {
            r = UpdateResources.fromFlags(flags);
        }
        ContainerDir dir = ContainerDir.open(root, id);
        try (AutoCloseable lock = dir.lock()) {
            ContainerStatus st = dir.status();
            if (st == ContainerStatus.STOPPED || st == ContainerStatus.CREATING) {
                throw new JruncException("container not running");
            }
            for (String w : manager(dir).apply(r)) log.warn(w);
        } catch (JruncException e) {
            throw e;
        } catch (Exception e) {
            throw new JruncException("update: " + e.getMessage(), e);
        }
    }
}
