package dev.jrunc.runtime.cli;

/** {@code create}: set up a container from a bundle, leaving its process waiting for {@code start}. */
final class CreateCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new CreateCommand();
    }

    @Override
    String name() {
        return "create";
    }

    @Override
    String summary() {
        return "create a container";
    }

    @Override
    void options(CommandFlags s) {
        CreateFlags.bundle(s, "path to the root of the bundle directory, defaults to the current directory");
        CreateFlags.consoleSocket(s);
        CreateFlags.pidFile(s);
        flag(s, CreateFlags.NO_PIVOT, "--no-pivot");
        flag(s, CreateFlags.NO_NEW_KEYRING, "--no-new-keyring");
        CreateFlags.preserveFds(s);
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        inv.runtime().create(CreateFlags.request(inv));
        return 0;
    }
}
