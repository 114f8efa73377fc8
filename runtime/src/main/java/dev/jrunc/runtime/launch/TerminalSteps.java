package dev.jrunc.runtime.launch;

import static dev.jrunc.runtime.launch.Abi.*;

import dev.jrunc.linux.SysNr;
import dev.jrunc.spec.config.ConsoleSize;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The steps that give a process a pseudo-terminal (runc's {@code process.terminal} with
 * {@code --console-socket}): the pty is opened by the child itself, after pivot_root, so it
 * belongs to the container's devpts instance; its master goes to the receiver over the
 * console socket the JVM connected before the clone, and the peer becomes the session's
 * controlling terminal and the process's stdio.
 *
 * <p>The master and the peer are moved to fixed fd numbers just under the scratch fd, so the
 * SCM_RIGHTS message and the /dev/console bind can name them in the plan.
 */
public final class TerminalSteps {
    private TerminalSteps() {}

    static final long TIOCSCTTY = 0x540E, TIOCSWINSZ = 0x5414, TIOCSPTLCK = 0x40045431L, TIOCGPTPEER = 0x5441;

    /** The payload sent with the master, as runc sends it (the name of the file it opened). */
    static final String PAYLOAD = "/dev/ptmx";

    /**
     * Appends the terminal steps to {@code steps}.
     *
     * @param consoleFd    the connected console socket (inherited from the JVM, close-on-exec)
     * @param scratchFd    the planner's scratch fd; the master and the peer live at scratch-2 and scratch-3
     * @param size         {@code process.consoleSize}, or null
     * @param uid          the process's uid: the peer is handed to it (as runc does for stdio)
     * @param bindConsole  bind the peer over /dev/console (the container has its own mounts)
     */
    public static void emit(List<Step> steps, int consoleFd, int scratchFd, ConsoleSize size, long uid,
                            boolean bindConsole) {
        int master = scratchFd - 2, peer = scratchFd - 3;
        int m = add(steps, "openat", SysNr.openat, List.of(Arg.flags(AT_FDCWD, "AT_FDCWD"), Arg.str(PAYLOAD),
                Arg.flags(O_RDWR | O_NOCTTY | O_CLOEXEC, "O_RDWR|O_NOCTTY|O_CLOEXEC")), 0,
                "opening a pty master (the container's /dev/ptmx)");
        add(steps, "dup3", SysNr.dup3, List.of(Arg.result(m), Arg.num(master), Arg.flags(O_CLOEXEC, "O_CLOEXEC")), 0,
                "moving the pty master to " + master);
        add(steps, "close", SysNr.close, List.of(Arg.result(m)), 0, "closing the fd of step " + m);
        add(steps, "ioctl", SysNr.ioctl, List.of(Arg.num(master), Arg.flags(TIOCSPTLCK, "TIOCSPTLCK"),
                new Arg.Bytes(new byte[4], "[0]")), 0, "unlocking the pty");
        int p = add(steps, "ioctl", SysNr.ioctl, List.of(Arg.num(master), Arg.flags(TIOCGPTPEER, "TIOCGPTPEER"),
                Arg.flags(O_RDWR | O_NOCTTY | O_CLOEXEC, "O_RDWR|O_NOCTTY|O_CLOEXEC")), 0, "opening the pty peer");
        add(steps, "dup3", SysNr.dup3, List.of(Arg.result(p), Arg.num(peer), Arg.flags(O_CLOEXEC, "O_CLOEXEC")), 0,
                "moving the pty peer to " + peer);
        add(steps, "close", SysNr.close, List.of(Arg.result(p)), 0, "closing the fd of step " + p);
        if (size != null && size.height() != 0 && size.width() != 0) {
            byte[] ws = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) size.height()).putShort((short) size.width()).array();
            add(steps, "ioctl", SysNr.ioctl, List.of(Arg.num(peer), Arg.flags(TIOCSWINSZ, "TIOCSWINSZ"),
                    new Arg.Bytes(ws, "{ws_row=" + size.height() + ", ws_col=" + size.width() + "}")), 0,
                    "setting the console size " + size.height() + "x" + size.width());
        }
        if (bindConsole) bindConsole(steps, peer, scratchFd);
        add(steps, "sendmsg", SysNr.sendmsg, List.of(Arg.num(consoleFd),
                new Arg.SendFd(PAYLOAD.getBytes(StandardCharsets.UTF_8), master),
                Arg.flags(0x4000, "MSG_NOSIGNAL")), 0, "sending the pty master to the console socket");
        add(steps, "close", SysNr.close, List.of(Arg.num(master)), 0, "closing the pty master");
        add(steps, "close", SysNr.close, List.of(Arg.num(consoleFd)), 0, "closing the console socket");
        add(steps, "setsid", SysNr.setsid, List.of(), 0, "starting a new session");
        add(steps, "ioctl", SysNr.ioctl, List.of(Arg.num(peer), Arg.flags(TIOCSCTTY, "TIOCSCTTY"), Arg.num(0)), 0,
                "making the pty the controlling terminal");
        if (uid != 0) {
            add(steps, "fchown", SysNr.fchown, List.of(Arg.num(peer), Arg.num(uid), Arg.flags(-1, "-1")), 0,
                    "handing the pty to uid " + uid);
        }
        for (int fd = 0; fd <= 2; fd++) {
            add(steps, "dup3", SysNr.dup3, List.of(Arg.num(peer), Arg.num(fd), Arg.num(0)), 0,
                    "making the pty fd " + fd);
        }
        add(steps, "close", SysNr.close, List.of(Arg.num(peer)), 0, "closing the pty peer");
    }

    /**
     * Binds the peer over /dev/console, as runc does. The target is reached from an fd of /dev
     * resolved in the root without following any symlink, created as a plain file if missing,
     * and reopened with O_PATH, never followed: a /dev/console that is a symlink (to a /proc
     * file, say) is refused instead of having the pty mounted over its target (CVE-2025-52565).
     */
    private static void bindConsole(List<Step> steps, int peer, int scratch) {
        byte[] dirHow = LaunchPlanner.le64(O_PATH | O_DIRECTORY | O_CLOEXEC, 0, RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
        int dev = add(steps, "openat2", SysNr.openat2, List.of(Arg.flags(AT_FDCWD, "AT_FDCWD"), Arg.str("/dev"),
                new Arg.Bytes(dirHow, "{flags=O_PATH|O_DIRECTORY|O_CLOEXEC, resolve=RESOLVE_IN_ROOT|RESOLVE_NO_SYMLINKS}"),
                Arg.num(dirHow.length)), 0, "opening /dev for /dev/console");
        add(steps, "mknodat", SysNr.mknodat, List.of(Arg.result(dev), Arg.str("console"),
                Arg.flags(0x8000 | 0666, "S_IFREG|0666"), Arg.num(0)), EEXIST, "creating /dev/console");
        // no O_NOFOLLOW: with it, O_PATH would open a symlink itself; without it the symlink is ELOOP
        byte[] how = LaunchPlanner.le64(O_PATH | O_CLOEXEC, 0, RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
        int target = add(steps, "openat2", SysNr.openat2, List.of(Arg.result(dev), Arg.str("console"),
                new Arg.Bytes(how, "{flags=O_PATH|O_CLOEXEC, resolve=RESOLVE_IN_ROOT|RESOLVE_NO_SYMLINKS}"),
                Arg.num(how.length)), 0, "opening /dev/console (not a symlink)");
        add(steps, "dup3", SysNr.dup3, List.of(Arg.result(target), Arg.num(scratch), Arg.flags(O_CLOEXEC, "O_CLOEXEC")),
                0, "moving the fd of /dev/console to " + scratch);
        add(steps, "close", SysNr.close, List.of(Arg.result(target)), 0, "closing the fd of step " + target);
        add(steps, "close", SysNr.close, List.of(Arg.result(dev)), 0, "closing the fd of step " + dev);
        add(steps, "mount", SysNr.mount, List.of(Arg.str(LaunchPlanner.PROC_FD + peer),
                Arg.str(LaunchPlanner.PROC_FD + scratch), Arg.NULL, Arg.flags(MS_BIND, "MS_BIND"), Arg.NULL), 0,
                "bind-mounting the pty on /dev/console");
        add(steps, "close", SysNr.close, List.of(Arg.num(scratch)), 0, "closing fd " + scratch);
    }

    private static int add(List<Step> steps, String name, int nr, List<Arg> args, int ignore, String description) {
        steps.add(new Step(name, nr, args, ignore, description));
        return steps.size() - 1;
    }
}
