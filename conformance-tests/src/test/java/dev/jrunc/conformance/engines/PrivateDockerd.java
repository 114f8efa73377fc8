package dev.jrunc.conformance.engines;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * A dockerd of the suite's own: private data-root, exec-root, pidfile, socket
 * and daemon.json (registering jrunc as the runtime "jrunc"), no bridge, no
 * iptables, cgroupfs driver under a cgroup parent of its own, and the busybox
 * image imported from a rootfs tarball (nothing is ever pulled). Testcontainers
 * reaches it through {@link PrivateDockerStrategy}. {@link #close()} removes
 * every trace: containers, dockerd and its containerd and shims, jrunc state,
 * cgroups, mounts, directories (also from a shutdown hook).
 */
final class PrivateDockerd implements AutoCloseable {
    static final String RUNTIME = "jrunc";
    static final String IMAGE = "jrunc-busybox:latest";
    /** the docker.io 20.10 CLI, matching the daemon: image import and cleanup */
    private static final String CLI = "/usr/bin/docker";

    final Path dir;
    final Path socket;
    final Path runtimeBinary;
    final String cgroupParent;
    private final Path log;
    private final List<Path> createdRunDirs;
    private Process dockerd;
    private Thread hook;
    private boolean closed;

    private PrivateDockerd(Path dir, Path runtimeBinary) {
        this.dir = dir;
        this.socket = dir.resolve("docker.sock");
        this.runtimeBinary = runtimeBinary;
        this.cgroupParent = "/jrunc-engines-docker-" + ProcessHandle.current().pid();
        this.log = dir.resolve("dockerd.log");
        // dockerd always makes /run/docker/plugins; its containerd's shims /run/containerd/s
        this.createdRunDirs = Host.absentNow("/run/docker", "/run/docker/plugins", "/run/containerd", "/run/containerd/s");
    }

    /**
     * the runtime state root dockerd's shims pass to jrunc as --root: a
     * runtime-* directory (20.10: runtime-runc, whatever the runtime's name)
     * under the exec-root, containerd namespace "moby"
     */
    Path runtimeRoot() {
        try (var s = Files.list(dir.resolve("exec"))) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith("runtime-") && Files.isDirectory(p.resolve("moby"))) return p.resolve("moby");
            }
        } catch (IOException ignored) {
            // no exec-root yet
        }
        return dir.resolve("exec/runtime-runc/moby");
    }

    /** Starts dockerd and imports the image; fails the calling test (never skips) with dockerd's log. */
    static PrivateDockerd start(Path runtimeBinary) {
        Host.require("dockerd", "containerd", "containerd-shim-runc-v2", CLI);
        PrivateDockerd d;
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-dockerd-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            d = new PrivateDockerd(dir, runtimeBinary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        d.hook = new Thread(d::close, "private-dockerd-cleanup");
        Runtime.getRuntime().addShutdownHook(d.hook);
        try {
            d.launch();
            d.importImage();
            return d;
        } catch (Throwable t) {
            String logTail = Host.tail(d.log, 30);
            d.close();
            throw new AssertionError("private dockerd did not start: " + t.getMessage() + "\n--- dockerd.log (tail):\n" + logTail, t);
        }
    }

    private void launch() throws IOException {
        // deprecated-key-path: else dockerd 20.10 writes /etc/docker/key.json
        String daemonJson = """
                {
                  "runtimes": {
                    "%s": { "path": "%s" }
                  },
                  "deprecated-key-path": "%s"
                }
                """.formatted(RUNTIME, runtimeBinary, dir.resolve("key.json"));
        Files.writeString(dir.resolve("daemon.json"), daemonJson);
        List<String> cmd = List.of("dockerd",
                "--config-file", dir.resolve("daemon.json").toString(),
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--host", "unix://" + socket,
                "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false", "--ip-forward=false",
                "--userland-proxy=false", "--storage-driver", storageDriver(),
                "--exec-opt", "native.cgroupdriver=cgroupfs", "--cgroup-parent", cgroupParent);
        dockerd = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(log.toFile())
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ping()) {
            if (!dockerd.isAlive()) throw new IllegalStateException("dockerd exited with status " + dockerd.exitValue());
            if (System.nanoTime() > deadline) throw new IllegalStateException("dockerd did not answer on " + socket + " within 60 s");
            Host.sleep(100);
        }
        PrivateDockerStrategy.dockerHost = URI.create("unix://" + socket);
    }

    /** overlay2, unless the data-root's filesystem cannot hold overlay upper dirs (overlay, FUSE, NFS): vfs */
    private String storageDriver() throws IOException {
        String fs = Files.getFileStore(dir).type();
        return fs.equals("overlay") || fs.startsWith("fuse") || fs.startsWith("nfs") ? "vfs" : "overlay2";
    }

    /** GET /_ping on the socket: true once dockerd answers 200 */
    private boolean ping() {
        if (!Files.exists(socket)) return false;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(256);
            ch.read(buf);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.0 200")
                    || new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * `docker import` of the busybox rootfs tarball with the daemon's own CLI
     * (docker-java's import through the zerodep transport arrives truncated).
     */
    private void importImage() throws IOException {
        Path tar = Host.makeRootfsTar(dir, dir.resolve("rootfs.tar"));
        Host.Result r = Host.run(dir.resolve("cmd"), cliEnv(), Duration.ofSeconds(120),
                concat(cli(), "import", tar.toString(), IMAGE));
        if (r.exit() != 0) throw new IllegalStateException("docker import failed: " + r);
        Files.delete(tar);
        // Testcontainers' client works from here on (PrivateDockerStrategy)
        DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
    }

    private List<String> cli() {
        return List.of(CLI, "--host", "unix://" + socket);
    }

    /** keeps the CLI out of ~/.docker */
    private Map<String, String> cliEnv() {
        return Map.of("DOCKER_CONFIG", dir.resolve("cli-config").toString());
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        PrivateDockerStrategy.dockerHost = null;
        Path out = dir.resolve("cleanup");
        if (dockerd != null && dockerd.isAlive() && Host.installed(CLI)) {
            Map<String, String> env = cliEnv();
            List<String> base = cli();
            Host.Result ps = Host.run(out, env, Duration.ofSeconds(20), concat(base, "ps", "-aq"));
            List<String> ids = ps.out().lines().filter(s -> !s.isBlank()).toList();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(concat(base, "rm", "-f"));
                rm.addAll(ids);
                Host.run(out, env, Duration.ofSeconds(60), rm);
            }
        }
        Host.stopProcess(dockerd, Duration.ofSeconds(30));   // also stops its managed containerd
        Host.killProcessesMentioning(dir.toString());         // leftover containerd / shims
        deleteRuntimeLeftovers(out);
        Host.killAndRemoveCgroup(cgroupParent);
        Host.unmountUnder(dir, out);
        Host.deleteTree(dir);
        Host.removeIfEmpty(createdRunDirs);
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    /** `jrunc delete --force` for any container state the shims left in the runtime root */
    private void deleteRuntimeLeftovers(Path out) {
        Path root = runtimeRoot();
        if (!Files.isDirectory(root)) return;
        try (var s = Files.list(root)) {
            for (Path c : s.toList()) {
                Host.run(out, Map.of(), Duration.ofSeconds(20), List.of(runtimeBinary.toString(), "--root", root.toString(),
                        "delete", "--force", c.getFileName().toString()));
            }
        } catch (IOException | AssertionError ignored) {
            // best effort
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> l = new ArrayList<>(base);
        l.addAll(List.of(more));
        return l;
    }

    /** fails the test when dockerd died meanwhile */
    void assertAlive() {
        if (dockerd == null || !dockerd.isAlive()) fail("private dockerd is not running\n" + Host.tail(log, 30));
    }
}
