package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.CreateRequest;
import dev.jrunc.runtime.JruncException;

/** The bundle flags create, run and restore share. */
final class CreateFlags {
    private CreateFlags() {}

    static final String CONSOLE_SOCKET = "path to an AF_UNIX socket which will receive a file descriptor"
            + " referencing the master end of the console's pseudoterminal";
    static final String PID_FILE = "specify the file to write the process id to";
    static final String NO_PIVOT = "do not use pivot root to jail process inside rootfs.  This should be used"
            + " whenever the rootfs is on top of a ramdisk";
    static final String NO_NEW_KEYRING = "do not create a new session keyring for the container.  This will cause"
            + " the container to inherit the calling processes session key";
    static final String PRESERVE_FDS = "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS"
            + " + N in total) (default: 0)";
    static final String NO_SUBREAPER = "disable the use of the subreaper used to reap reparented processes";

    static void bundle(CommandFlags s, String description) {
        Subcommand.value(s, "value", description, "--bundle", "-b");
    }

    static void consoleSocket(CommandFlags s) {
        Subcommand.value(s, "value", CONSOLE_SOCKET, "--console-socket");
    }

    static void pidFile(CommandFlags s) {
        Subcommand.value(s, "value", PID_FILE, "--pid-file");
    }

    static void preserveFds(CommandFlags s) {
        Subcommand.value(s, "value", PRESERVE_FDS, "--preserve-fds");
    }

    static CreateRequest request(Invocation inv) throws JruncException {
        int fds = inv.integer("--preserve-fds", 0);
        if (fds < 0) throw new JruncException("invalid value \"" + fds + "\" for flag -preserve-fds: parse error");
        return new CreateRequest(inv.arg(0), inv.bundle(), inv.string("--console-socket", null),
                inv.string("--pid-file", null), inv.flag("--no-pivot"), inv.flag("--no-new-keyring"), fds,
                inv.flag("--detach"), inv.flag("--keep"), inv.flag("--no-subreaper"));
    }
}
