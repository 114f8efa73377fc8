package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.DefaultSpec;

/** {@code spec}: write the default config.json (the same document runc writes) into the bundle. */
final class SpecCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new SpecCommand();
    }

    @Override
    String name() {
        return "spec";
    }

    @Override
    String summary() {
        return "create a new specification file";
    }

    @Override
    String argsLabel() {
        return "";
    }

    @Override
    void options(CommandFlags s) {
        CreateFlags.bundle(s, "path to the root of the bundle directory");
        flag(s, "generate a configuration for a rootless container", "--rootless");
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(0);
        DefaultSpec.write(inv.bundle(), inv.flag("--rootless"));
        return 0;
    }
}
