package dev.jrunc.runtime.cli;

/** {@code start}: executes the user defined process in a created container. */
final class StartCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new StartCommand();
    }

    @Override
    String name() {
        return "start";
    }

    @Override
    String summary() {
        return "executes the user defined process in a created container";
    }

    @Override
    void options(CommandFlags s) {}

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        inv.runtime().start(inv.arg(0));
        return 0;
    }
}
