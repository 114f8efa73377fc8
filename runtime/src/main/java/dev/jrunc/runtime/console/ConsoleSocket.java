package dev.jrunc.runtime.console;

import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.runtime.JruncException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code --console-socket} side of terminals: the checks runc makes on the command line
 * and the connection the JVM opens before the clone. The pty itself is opened by the child
 * ({@link dev.jrunc.runtime.launch.TerminalSteps}), which sends its master over this socket.
 */
public final class ConsoleSocket {
    private ConsoleSocket() {}

    /**
     * runc's rule: a detached process ({@code create}, {@code run -d}, {@code exec -d}) with a
     * terminal needs a console socket; a console socket needs a terminal and a detached process.
     * A terminal in the foreground is relayed by jrunc itself ({@link TtyRelay}).
     *
     * @param detach   create, or run/exec with {@code --detach}
     * @param terminal the process's {@code terminal}
     * @param socket   {@code --console-socket}, or null
     */
    public static void check(boolean detach, boolean terminal, String socket) throws JruncException {
        boolean hasSocket = socket != null && !socket.isEmpty();
        if (detach && terminal && !hasSocket) {
            throw new JruncException("cannot allocate tty if runc will detach without setting console socket");
        }
        if ((!detach || !terminal) && hasSocket) {
            throw new JruncException("cannot use console socket if runc will not detach or allocate tty");
        }
        // terminal && !detach: the caller relays the pty to its own stdio (TtyRelay)
    }

    /**
     * A scratch fd number for a plan that has none of its own (exec): the highest number
     * RLIMIT_NOFILE allows, which the child's own opens never reach; the terminal steps use the
     * two just below it.
     */
    public static int scratchFd() {
        long soft = dev.jrunc.linux.Rlimits.get(0, dev.jrunc.linux.Rlimits.RLIMIT_NOFILE).soft();
        return soft < 0 || soft > 65536 ? 65535 : (int) soft - 1;
    }

    /**
     * Connects to the receiver's AF_UNIX stream socket; the fd is close-on-exec (the child
     * inherits it through the clone, the user program never sees it).
     */
    public static int connect(String path) throws JruncException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > Linux.UNIX_PATH_MAX) {
            throw new JruncException("--console-socket " + path + ": path must be 1 to " + Linux.UNIX_PATH_MAX + " bytes");
        }
        try {
            return Linux.connectUnix(path);
        } catch (LinuxException e) {
            throw new JruncException("dial unix " + path + ": connect: " + e.errnoName(), e);
        }
    }
}
