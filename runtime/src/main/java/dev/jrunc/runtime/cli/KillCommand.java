package dev.jrunc.runtime.cli;

/** {@code kill}: send a signal (default SIGTERM) to the container's init, or with --all to all its processes. */
final class KillCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new KillCommand();
    }

    @Override
    String name() {
        return "kill";
    }

    @Override
    String summary() {
        return "kill sends the specified signal (default: SIGTERM) to the container's init process";
    }

    @Override
    String argsLabel() {
        return "<container-id> [signal]";
    }

    @Override
    void options(CommandFlags s) {
        flag(s, "send the specified signal to all processes inside the container", "--all", "-a");
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.minArgs(1);
        inv.maxArgs(2);
        String signal = inv.args().size() > 1 ? inv.arg(1) : "SIGTERM";
        inv.runtime().kill(inv.arg(0), signal, inv.flag("--all"));
        return 0;
    }
}
