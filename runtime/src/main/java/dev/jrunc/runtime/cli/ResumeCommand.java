package dev.jrunc.runtime.cli;

/** {@code resume}: resumes all processes that have been previously paused. */
final class ResumeCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new ResumeCommand();
    }

    @Override
    String name() {
        return "resume";
    }

    @Override
    String summary() {
        return "resumes all processes that have been previously paused";
    }

    @Override
    void options(CommandFlags s) {}

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        inv.runtime().resume(inv.arg(0));
        return 0;
    }
}
