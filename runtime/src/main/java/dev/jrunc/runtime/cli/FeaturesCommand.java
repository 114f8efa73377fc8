package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.FeaturesReport;

/** {@code features}: the runtime-spec features document for what this build implements. */
final class FeaturesCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new FeaturesCommand();
    }

    @Override
    String name() {
        return "features";
    }

    @Override
    String summary() {
        return "show the enabled features";
    }

    @Override
    String argsLabel() {
        return "";
    }

    @Override
    void options(CommandFlags s) {}

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(0);
        String json = FeaturesReport.json();
        inv.out.print(json.endsWith("\n") ? json : json + "\n");
        return 0;
    }
}
