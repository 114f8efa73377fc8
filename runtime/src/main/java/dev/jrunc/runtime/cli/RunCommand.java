package dev.jrunc.runtime.cli;

/** {@code run}: create and start a container; unless detached, wait for it and return its exit status. */
final class RunCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new RunCommand();
    }

    @Override
    String name() {
        return "run";
    }

    @Override
    String summary() {
        return "create and run a container";
    }

    @Override
    void options(CommandFlags s) {
        CreateFlags.bundle(s, "path to the root of the bundle directory, defaults to the current directory");
        CreateFlags.consoleSocket(s);
        flag(s, "detach from the container's process", "--detach", "-d");
        flag(s, "do not delete the container after it exits", "--keep");
        CreateFlags.pidFile(s);
        flag(s, CreateFlags.NO_SUBREAPER, "--no-subreaper");
        flag(s, CreateFlags.NO_PIVOT, "--no-pivot");
        flag(s, CreateFlags.NO_NEW_KEYRING, "--no-new-keyring");
        CreateFlags.preserveFds(s);
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        return inv.runtime().run(CreateFlags.request(inv));
    }
}
