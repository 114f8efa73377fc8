package dev.jrunc.runtime.cgroup;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.LinuxException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** What both managers share: directories, joining, removal, the state record, pids. */
abstract class CgroupSupport {
    final CgroupMode mode;
    final List<CgroupManager.Node> nodes;

    CgroupSupport(CgroupMode mode, List<CgroupManager.Node> nodes) {
        this.mode = mode;
        this.nodes = List.copyOf(nodes);
    }

    public CgroupMode mode() {
        return mode;
    }

    public Map<String, java.nio.file.Path> dirs() {
        return CgroupManager.Node.dirs(nodes);
    }

    /** Called for each directory made, top first (v1 cpuset copies its parent's cpus and mems). */
    void afterMkdir(CgroupManager.Node n, Path made) throws CgroupException {}

    public void create() throws CgroupException {
        try {
            for (CgroupManager.Node n : nodes) {
                Deque<Path> missing = new ArrayDeque<>();
                for (Path p = n.dir; p != null && !Files.isDirectory(p); p = p.getParent()) missing.push(p);
                while (!missing.isEmpty()) {
                    Path p = missing.pop();
                    try {
                        Files.createDirectory(p);
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        continue; // made meanwhile by someone else: not ours
                    } catch (IOException e) {
                        throw new CgroupException("creating cgroup " + p + ": " + e.getMessage());
                    }
                    if (n.createdTop == null) n.createdTop = p;
                    afterMkdir(n, p);
                }
            }
        } catch (CgroupException e) {
            destroyQuietly();
            throw e;
        }
    }

    public void join(int pid) throws CgroupException {
        for (CgroupManager.Node n : nodes) {
            Path procs = n.dir.resolve("cgroup.procs");
            try {
                CgroupFiles.write(procs, Integer.toString(pid));
            } catch (LinuxException e) {
                throw new CgroupException("joining cgroup " + n.dir + ": writing cgroup.procs: " + e.errnoName());
            }
        }
    }

    /** The directory whose cgroup.procs lists the container's processes. */
    abstract Path procsDir();

    public List<Integer> pids() throws CgroupException {
        List<Integer> out = new ArrayList<>();
        Path d = procsDir();
        if (d != null) collectPids(d, out);
        return out;
    }

    private static void collectPids(Path dir, List<Integer> out) throws CgroupException {
        String s;
        try {
            s = CgroupFiles.read(dir.resolve("cgroup.procs"));
        } catch (LinuxException e) {
            throw new CgroupException("reading " + dir.resolve("cgroup.procs") + ": " + e.errnoName());
        }
        if (s == null) return;
        for (String l : s.split("\n")) {
            l = l.trim();
            if (!l.isEmpty()) out.add(Integer.parseInt(l));
        }
        for (Path sub : subdirs(dir)) collectPids(sub, out);
    }

    private static List<Path> subdirs(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) out.add(p);
        } catch (IOException ignored) {
            // gone
        }
        return out;
    }

    public void destroy() throws CgroupException {
        String failure = null;
        for (CgroupManager.Node n : nodes) {
            if (n.createdTop == null) continue;
            try {
                removeTree(n.dir);
                for (Path p = n.dir.getParent(); p != null && p.startsWith(n.createdTop); p = p.getParent()) {
                    rmdir(p);
                }
            } catch (CgroupException e) {
                if (failure == null) failure = e.getMessage();
            }
        }
        if (failure != null) throw new CgroupException(failure);
    }

    void destroyQuietly() {
        try {
            destroy();
        } catch (CgroupException ignored) {
            // best effort: the failure that brought us here is the one to report
        }
    }

    /** The container's cgroup and any the container made below it, deepest first. */
    private static void removeTree(Path dir) throws CgroupException {
        for (Path sub : subdirs(dir)) removeTree(sub);
        rmdir(dir);
    }

    /** rmdir, retried while the last processes are still leaving (EBUSY). */
    private static void rmdir(Path p) throws CgroupException {
        for (int i = 0; ; i++) {
            try {
                Files.delete(p);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                if (i >= 100) throw new CgroupException("removing cgroup " + p + ": " + e.getMessage());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CgroupException("removing cgroup " + p + ": interrupted");
                }
            }
        }
    }

    public void save(Path stateDir) throws CgroupException {
        StringBuilder sb = new StringBuilder(mode.name()).append('\n');
        for (CgroupManager.Node n : nodes) {
            sb.append(n.hierarchy.name()).append('\t').append(n.hierarchy.v2() ? "2" : "1").append('\t')
                    .append(String.join(",", n.hierarchy.controllers())).append('\t').append(n.dir).append('\t')
                    .append(n.createdTop == null ? "" : n.createdTop.toString()).append('\n');
        }
        Path f = stateDir.resolve(CgroupManager.STATE_FILE);
        Path tmp = stateDir.resolve("." + CgroupManager.STATE_FILE + ".tmp");
        try {
            Files.writeString(tmp, sb);
            Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CgroupException("writing " + f + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------ writing values

    /** Writes one value; a refusal names the config field and the file. */
    static void set(Path dir, String file, String value, String pointer) throws CgroupException {
        try {
            CgroupFiles.write(dir.resolve(file), value);
        } catch (LinuxException e) {
            throw new CgroupException(pointer + ": writing " + file + ": " + e.errnoName());
        }
    }

    static boolean exists(Path dir, String file) {
        return Files.exists(dir.resolve(file));
    }

    /** -1 is "unlimited"; other values are unsigned 64-bit. */
    static String num(long v) {
        return v == -1 ? "-1" : Long.toUnsignedString(v);
    }

    /** Polls {@code file} until it reads {@code want} (the kernel freezes asynchronously). */
    static boolean await(Path file, String want) {
        for (int i = 0; i < 2000; i++) {
            String s = CgroupFiles.read(file);
            if (s != null && (s.equals(want) || s.contains(want + "\n") || s.endsWith(want))) return true;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static boolean isEnoent(LinuxException e) {
        return e.errno() == Errno.ENOENT;
    }
}
