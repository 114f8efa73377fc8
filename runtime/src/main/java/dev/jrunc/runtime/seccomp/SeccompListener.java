package dev.jrunc.runtime.seccomp;

import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.Pidfd;
import dev.jrunc.linux.ScmRights;
import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.Version;
import dev.jrunc.spec.config.Seccomp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host side of SCMP_ACT_NOTIFY: the connection to the seccomp agent at
 * {@code linux.seccomp.listenerPath}, and the hand-over of the filter's listener fd.
 *
 * <p>The connection is made before anything of the container exists, so a missing agent
 * fails the create (or exec) with nothing to undo. The child installs its filter with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER, reports, and waits at a sync point; {@link #deliver}
 * then finds the listener among the child's fds, copies it with pidfd_getfd and sends it
 * with the ContainerProcessState JSON (one sendmsg, SCM_RIGHTS), as runc does. The child's
 * own copy is close-on-exec (the kernel makes it so), and the init's READY clean-up closes
 * it anyway.
 */
public final class SeccompListener {
    /** readlink of a seccomp listener fd under /proc/PID/fd. */
    static final String LINK = "anon_inode:seccomp notify";

    private final String path;
    private final String metadata;
    private final int sock;

    private SeccompListener(String path, String metadata, int sock) {
        this.path = path;
        this.metadata = metadata;
        this.sock = sock;
    }

    /**
     * Connects to the agent when {@code profile} has a notify rule; null when it has none.
     * The profile has passed {@link SeccompProfile#problem}, so listenerPath is set.
     */
    public static SeccompListener connect(Seccomp profile) throws JruncException {
        if (!SeccompProfile.notifies(profile)) return null;
        if (!dev.jrunc.linux.LibSeccomp.available() || dev.jrunc.linux.LibSeccomp.apiLevel() < 5) {
            throw new JruncException("/linux/seccomp: SCMP_ACT_NOTIFY needs libseccomp 2.5 or newer");
        }
        String path = profile.listenerPath();
        int fd;
        try {
            fd = Linux.connectUnix(path);
        } catch (LinuxException e) {
            throw new JruncException("/linux/seccomp/listenerPath: cannot connect to the seccomp agent at " + path
                    + ": " + e.errnoName(), e);
        }
        return new SeccompListener(path, profile.listenerMetadata(), fd);
    }

    /** The connection's fd: the caller closes it (after {@link #deliver}, or on failure). */
    public int fd() {
        return sock;
    }

    /**
     * Takes the listener from {@code pid} (stopped at its sync point after the report) and
     * sends it with the process state to the agent. {@code stateJson} is the container's
     * state (status "creating" for an init, "running" for an exec'd process).
     */
    public void deliver(int pid, String stateJson) throws JruncException {
        int child = findListener(pid);
        int pidfd = -1, copy = -1;
        try {
            pidfd = Pidfd.open(pid, 0);
            copy = Pidfd.getfd(pidfd, child);
            ScmRights.send(sock, processState(pid, metadata, stateJson).getBytes(StandardCharsets.UTF_8), copy);
        } catch (LinuxException e) {
            throw new JruncException("sending the seccomp listener to " + path + ": " + e.getMessage(), e);
        } finally {
            if (copy >= 0) Linux.closeQuietly(copy);
            if (pidfd >= 0) Linux.closeQuietly(pidfd);
        }
    }

    /** The number of the seccomp listener fd in {@code pid}. */
    static int findListener(int pid) throws JruncException {
        Path dir = Path.of("/proc/" + pid + "/fd");
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir)) {
            for (Path p : fds) {
                try {
                    if (LINK.equals(Files.readSymbolicLink(p).toString())) {
                        return Integer.parseInt(p.getFileName().toString());
                    }
                } catch (IOException e) {
                    // closed meanwhile: not the listener, which the child holds until we release it
                }
            }
        } catch (IOException e) {
            throw new JruncException("finding the seccomp listener of pid " + pid + ": " + e.getMessage(), e);
        }
        throw new JruncException("finding the seccomp listener of pid " + pid + ": no " + LINK + " fd");
    }

    /** runtime-spec's ContainerProcessState: {ociVersion, fds, pid, metadata, state}. */
    public static String processState(int pid, String metadata, String stateJson) {
        StringBuilder sb = new StringBuilder(stateJson.length() + 128);
        sb.append("{\"ociVersion\":");
        dev.jrunc.spec.JsonText.appendQuoted(sb, Version.SPEC);
        sb.append(",\"fds\":[\"seccompFd\"],\"pid\":").append(pid);
        if (metadata != null && !metadata.isEmpty()) {
            sb.append(",\"metadata\":");
            dev.jrunc.spec.JsonText.appendQuoted(sb, metadata);
        }
        return sb.append(",\"state\":").append(stateJson).append('}').toString();
    }
}
