package dev.jrunc.runtime.cli;

import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Usage text, rendered by picocli from the flag models (the only place picocli is loaded). */
final class Help {
    private Help() {}

    static void global(PrintStream out) {
        CommandSpec spec = toSpec("jrunc", globalFlagsWithoutHelp());
        spec.usageMessage()
                .description("Open Container Initiative runtime, in Java: create and run containers from OCI bundles.")
                .customSynopsis("jrunc [global options] command [command options] [arguments...]");
        for (String n : Commands.NAMES) {
            CommandSpec s = CommandSpec.create().name(n);
            s.usageMessage().description(Commands.lookup(n).summary());
            spec.addSubcommand(n, s);
        }
        CommandSpec help = CommandSpec.create().name("help");
        help.usageMessage().description("Shows a list of commands or help for one command");
        spec.addSubcommand("help", help);
        new CommandLine(spec).usage(out);
    }

    static void command(PrintStream out, Subcommand sub) {
        CommandSpec spec = toSpec(sub.name(), sub.flags());
        spec.usageMessage().description(sub.summary())
                .customSynopsis("jrunc " + sub.name() + " [command options] " + sub.argsLabel());
        new CommandLine(spec).usage(out);
    }

    private static CommandFlags globalFlagsWithoutHelp() {
        return Cli.globalFlags();
    }

    private static CommandSpec toSpec(String name, CommandFlags flags) {
        CommandSpec s = CommandSpec.create().name(name);
        for (CommandFlags.Option o : flags.options()) {
            OptionSpec.Builder b = OptionSpec.builder(o.names()).description(o.description()).hidden(o.hidden());
            switch (o.kind()) {
                case FLAG -> b.arity("0").type(boolean.class);
                case VALUE -> b.arity("1").type(String.class).paramLabel(o.label());
                case LIST -> b.arity("1").type(List.class).auxiliaryTypes(String.class).paramLabel(o.label());
            }
            s.addOption(b.build());
        }
        return s;
    }
}
