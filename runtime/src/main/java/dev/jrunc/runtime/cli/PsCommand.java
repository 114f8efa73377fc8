package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.JruncException;
import java.util.List;

/** {@code ps}: the processes in a container, as ps(1) shows them or as a JSON list of pids. */
final class PsCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new PsCommand();
    }

    @Override
    String name() {
        return "ps";
    }

    @Override
    String summary() {
        return "ps displays the processes running inside a container";
    }

    @Override
    String argsLabel() {
        return "<container-id> [ps options]";
    }

    @Override
    boolean ownsRest() {
        return true;
    }

    @Override
    void options(CommandFlags s) {
        value(s, "value", "select one of: table or json (default: \"table\")", "--format", "-f");
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.minArgs(1);
        String format = inv.string("--format", "table");
        List<String> args = inv.args();
        String out = inv.runtime().ps(args.get(0), format, List.copyOf(args.subList(1, args.size())));
        if (!format.equals("table") && !format.equals("json")) {
            throw new JruncException("invalid format option");
        }
        inv.out.print(out);
        return 0;
    }
}
