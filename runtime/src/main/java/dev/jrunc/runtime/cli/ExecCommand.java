package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.ExecRequest;
import dev.jrunc.runtime.JruncException;
import java.util.List;

/** {@code exec}: run a new process inside a container; everything after the id is the command. */
final class ExecCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new ExecCommand();
    }

    @Override
    String name() {
        return "exec";
    }

    @Override
    String summary() {
        return "execute new process inside the container";
    }

    @Override
    String argsLabel() {
        return "<container-id> <command> [command options]  || -p process.json <container-id>";
    }

    @Override
    boolean ownsRest() {
        return true;
    }

    @Override
    void options(CommandFlags s) {
        CreateFlags.consoleSocket(s);
        value(s, "value", "current working directory in the container", "--cwd");
        values(s, "value", "set environment variables", "--env", "-e");
        flag(s, "allocate a pseudo-TTY", "--tty", "-t");
        value(s, "value", "UID (format: <uid>[:<gid>])", "--user", "-u");
        values(s, "value", "additional gids", "--additional-gids", "-g");
        value(s, "value", "path to the process.json", "--process", "-p");
        flag(s, "detach from the container's process", "--detach", "-d");
        CreateFlags.pidFile(s);
        value(s, "value", "set the asm process label for the process commonly used with selinux", "--process-label");
        value(s, "value", "set the apparmor profile for the process", "--apparmor");
        flag(s, "set the no new privileges value for the process", "--no-new-privs");
        values(s, "value", "add a capability to the bounding set for the process", "--cap", "-c");
        CreateFlags.preserveFds(s);
        values(s, "value", "run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>.",
                "--cgroup");
        flag(s, "allow exec in a paused container", "--ignore-paused");
        hiddenFlag(s, "--no-subreaper");   // accepted and ignored, as runc does
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.minArgs(1);
        int fds = inv.integer("--preserve-fds", 0);
        if (fds < 0) throw new JruncException("invalid value \"" + fds + "\" for flag -preserve-fds: parse error");
        List<String> args = inv.args();
        ExecRequest req = new ExecRequest(args.get(0), inv.string("--process", null),
                List.copyOf(args.subList(1, args.size())), inv.string("--console-socket", null),
                inv.string("--cwd", null), inv.strings("--env"), inv.flag("--tty"), inv.string("--user", null),
                inv.strings("--additional-gids"), inv.flag("--detach"), inv.string("--pid-file", null),
                inv.string("--process-label", null), inv.string("--apparmor", null), inv.flag("--no-new-privs"),
                inv.strings("--cap"), fds, inv.strings("--cgroup"), inv.flag("--ignore-paused"));
        try {
            return inv.runtime().exec(req);
        } catch (JruncException e) {
            // runc's exec exits 255 when the process could not be started (its status is -1)
            inv.runtime().options().log().fatal(e.getMessage());
            return 255;
        }
    }
}
