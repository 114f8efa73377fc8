package dev.jrunc.runtime.container;

import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.Pidfd;
import dev.jrunc.runtime.console.TtyRelay;
import java.util.ArrayList;
import java.util.List;

/**
 * What a foreground {@code run} or {@code exec} does with the signals it gets, as runc: each is
 * passed on to the container process through its pidfd (no pid reuse race), except SIGWINCH,
 * which resizes the relayed pty ({@link TtyRelay#resize}) and is otherwise dropped (the kernel
 * signals the container's foreground group itself when its pty changes size).
 * <p>
 * {@link #install} comes first, before the process exists, so that a signal arriving while it is
 * being made does not take the JVM's default action (exit, leaving a half-made container); such
 * signals are queued and sent at {@link #attach}. {@link #close} puts the previous handlers back.
 * SIGQUIT is only caught when the JVM runs with {@code -Xrs} (else it is the VM's thread dump).
 */
public final class SignalForwarder implements AutoCloseable {
    /** Signals passed on; SIGWINCH is handled apart. */
    static final String[] FORWARDED = {"TERM", "INT", "HUP", "QUIT", "USR1", "USR2", "ALRM", "WINCH"};
    private static final int SIGWINCH = 28;

    private final List<sun.misc.Signal> signals = new ArrayList<>();
    private final List<sun.misc.SignalHandler> previous = new ArrayList<>();
    /** Signal numbers received before {@link #attach}. */
    private final List<Integer> pending = new ArrayList<>();
    private int pidfd = -1;
    private volatile TtyRelay tty;
    private boolean closed;

    private SignalForwarder() {}

    /** Catches the forwarded signals from now on; they are queued until {@link #attach}. */
    public static SignalForwarder install() {
        SignalForwarder f = new SignalForwarder();
        sun.misc.SignalHandler handler = new sun.misc.SignalHandler() {
            @Override
            public void handle(sun.misc.Signal sig) {
                f.received(sig.getNumber());
            }
        };
        for (String name : FORWARDED) {
            try {
                sun.misc.Signal s = new sun.misc.Signal(name);
                f.previous.add(sun.misc.Signal.handle(s, handler));
                f.signals.add(s);
            } catch (IllegalArgumentException ignored) {
                // used by the VM (QUIT without -Xrs): not forwarded
            }
        }
        return f;
    }

    /**
     * From now on signals go to {@code pid} (our child, not yet reaped, so the pidfd is its);
     * the queued ones are sent first, in order. A process already gone is not an error.
     */
    public void attach(int pid) {
        int fd;
        try {
            fd = Pidfd.open(pid, 0);
        } catch (LinuxException e) {
            return; // exited already (a zombie still has a pidfd, so: not ours)
        }
        synchronized (this) {
            if (closed) {
                Linux.closeQuietly(fd);
                return;
            }
            pidfd = fd;
            for (int sig : pending) send(fd, sig);
            pending.clear();
        }
    }

    /** SIGWINCH resizes this relay's pty from now on. */
    public void relay(TtyRelay relay) {
        this.tty = relay;
    }

    private void received(int sig) {
        if (sig == SIGWINCH) {
            TtyRelay r = tty;
            if (r != null) r.resize();
            return;
        }
        int fd;
        synchronized (this) {
            if (closed) return;
            if (pidfd < 0) {
                pending.add(sig);
                return;
            }
            fd = pidfd;
            // sent under the lock: close() cannot free the fd number meanwhile
            send(fd, sig);
        }
    }

    private static void send(int pidfd, int sig) {
        try {
            Pidfd.sendSignal(pidfd, sig);
        } catch (LinuxException ignored) {
            // ESRCH: it has exited
        }
    }

    /** Restores the previous handlers and drops the pidfd. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                sun.misc.Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException ignored) {
                // cannot happen: it was handled before
            }
        }
        synchronized (this) {
            closed = true;
            tty = null;
            if (pidfd >= 0) Linux.closeQuietly(pidfd);
            pidfd = -1;
        }
    }
}
