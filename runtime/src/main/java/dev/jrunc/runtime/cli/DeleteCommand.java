package dev.jrunc.runtime.cli;

/** {@code delete}: remove a stopped container's resources; --force kills it first, and a missing one is fine. */
final class DeleteCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new DeleteCommand();
    }

    @Override
    String name() {
        return "delete";
    }

    @Override
    String summary() {
        return "delete any resources held by the container often used with detached container";
    }

    @Override
    void options(CommandFlags s) {
        flag(s, "Forcibly deletes the container if it is still running (uses SIGKILL)", "--force", "-f");
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        inv.runtime().delete(inv.arg(0), inv.flag("--force"));
        return 0;
    }
}
