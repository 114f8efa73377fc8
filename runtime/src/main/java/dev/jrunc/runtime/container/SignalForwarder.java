package dev.jrunc.runtime.container;

import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.Pidfd;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;
import dev.jrunc.runtime.console.TtyRelay;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * What a foreground {@code run} or {@code exec} does with the signals it gets, as runc: each is
 * passed on to the container process through its pidfd (no pid reuse race), except SIGWINCH,
 * which resizes the relayed pty ({@link TtyRelay#resize}) and is otherwise dropped (the kernel
 * signals the container's foreground group itself when its pty changes size). Like runc, it also
 * keeps SIGCHLD (runc reaps on it), SIGURG (Go preempts with it; runc 1.1 still passed it on)
 * and SIGPROF (Go's profiler's): those are not caught, or, for SIGPROF, whose default action
 * would end the JVM, caught and dropped.
 * <p>
 * runc catches every signal; the JVM lets {@code sun.misc.Signal} catch all the standard ones
 * but QUIT (its thread dump; caught only under {@code -Xrs}), ILL, FPE and SEGV (its own faults)
 * and, of course, KILL and STOP. SIGBUS is left to the VM as well: it turns a fault on a mapped
 * file into an exception, which a Java handler would replace. Real-time signals have no name the
 * JVM knows, so they cannot be caught: they are ignored meanwhile instead ({@link #ignoreRealTime};
 * see docs/compatibility.md).
 * <p>
 * {@link #install} comes first, before the process exists, so that a signal arriving while it is
 * being made does not take the JVM's default action (exit, leaving a half-made container); such
 * signals are queued and sent at {@link #attach}. {@link #close} puts the previous handlers back.
 */
public final class SignalForwarder implements AutoCloseable {
    /**
     * Signals caught: all of 1..31 but KILL and STOP (uncatchable), ILL, FPE, SEGV and BUS (the
     * VM's), CHLD and URG (not passed on, as runc). SIGWINCH and SIGPROF are handled apart; QUIT
     * is refused by the VM unless it runs with {@code -Xrs}. USR2 displaces the VM's thread
     * suspend/resume handler (HotSpot's SR signal, used for sampling such as JFR's; jrunc runs
     * none) until {@link #close}, as the earlier list of forwarded signals already did.
     */
    static final String[] CAUGHT = {
        "HUP", "INT", "QUIT", "TRAP", "ABRT", "USR1", "USR2", "PIPE", "ALRM", "TERM", "STKFLT",
        "CONT", "TSTP", "TTIN", "TTOU", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    };
    private static final int SIGWINCH = 28;
    private static final int SIGPROF = 27;

    private final List<sun.misc.Signal> signals = new ArrayList<>();
    private final List<sun.misc.SignalHandler> previous = new ArrayList<>();
    /** Signal numbers received before {@link #attach}. */
    private final List<Integer> pending = new ArrayList<>();
    private int pidfd = -1;
    private volatile TtyRelay tty;
    private boolean closed;
    /** Bit {@code n}: SIGRTMIN+n was set to SIG_IGN by us; its previous action is in {@link #realTimeActions}. */
    private long ignoredRealTime;
    private MemorySegment realTimeActions;
    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;
    /** The kernel's struct sigaction: handler, flags, restorer, mask (x86-64 and arm64). */
    private static final long SIGACTION_SIZE = 32;

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
        for (String name : CAUGHT) {
            try {
                sun.misc.Signal s = new sun.misc.Signal(name);
                f.previous.add(sun.misc.Signal.handle(s, handler));
                f.signals.add(s);
            } catch (IllegalArgumentException ignored) {
                // used by the VM (QUIT without -Xrs): not forwarded
            }
        }
        f.ignoreRealTime();
        return f;
    }

    /**
     * Real-time signals cannot be caught through {@code sun.misc.Signal} (the JVM has no names for
     * them) and their default action would end jrunc and leave the container behind: while we
     * wait they are ignored (those still at SIG_DFL), through raw {@code rt_sigaction}. The
     * container does not inherit that: its init resets every disposition before {@code execve}.
     */
    private void ignoreRealTime() {
        MemorySegment ign = Arena.ofAuto().allocate(SIGACTION_SIZE * (SIGRTMAX - SIGRTMIN + 2));
        ign.set(ValueLayout.JAVA_LONG, 0, 1); // {sa_handler=SIG_IGN}
        for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) {
            MemorySegment old = ign.asSlice(SIGACTION_SIZE * (sig - SIGRTMIN + 1), SIGACTION_SIZE);
            if (Syscalls.raw(SysNr.rt_sigaction, sig, 0, old.address(), 8) != 0
                    || old.get(ValueLayout.JAVA_LONG, 0) != 0) {
                continue; // not SIG_DFL: someone's, leave it
            }
            if (Syscalls.raw(SysNr.rt_sigaction, sig, ign.address(), 0, 8) == 0) {
                ignoredRealTime |= 1L << (sig - SIGRTMIN);
            }
        }
        realTimeActions = ign;
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
        if (sig == SIGPROF) return; // runc's Go runtime keeps it
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
        for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) {
            if ((ignoredRealTime & (1L << (sig - SIGRTMIN))) != 0) {
                Syscalls.raw(SysNr.rt_sigaction, sig,
                        realTimeActions.asSlice(SIGACTION_SIZE * (sig - SIGRTMIN + 1), SIGACTION_SIZE).address(), 0, 8);
            }
        }
        ignoredRealTime = 0;
        synchronized (this) {
            closed = true;
            tty = null;
            if (pidfd >= 0) Linux.closeQuietly(pidfd);
            pidfd = -1;
        }
    }
}
