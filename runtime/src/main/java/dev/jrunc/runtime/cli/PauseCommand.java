package dev.jrunc.runtime.cli;

/** {@code pause}: pause suspends all processes inside the container. */
final class PauseCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new PauseCommand();
    }

    @Override
    String name() {
        return "pause";
    }

    @Override
    String summary() {
        return "pause suspends all processes inside the container";
    }

    @Override
    void options(CommandFlags s) {}

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        inv.runtime().pause(inv.arg(0));
        return 0;
    }
}
