package dev.jrunc.runtime.cli;

/** {@code state}: output the state of a container. */
final class StateCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new StateCommand();
    }

    @Override
    String name() {
        return "state";
    }

    @Override
    String summary() {
        return "output the state of a container";
    }

    @Override
    void options(CommandFlags s) {}

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        inv.out.println(inv.runtime().state(inv.arg(0)));
        return 0;
    }
}
