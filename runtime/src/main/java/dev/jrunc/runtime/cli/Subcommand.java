package dev.jrunc.runtime.cli;

/**
 * One jrunc subcommand: its flags (built only when this subcommand is the one invoked, or
 * when help lists them) and what it does with the parsed arguments. A subcommand only
 * parses and reports; the work is done by library classes.
 */
abstract class Subcommand {
    /** The name on the command line. */
    abstract String name();

    /** One line for the command list. */
    abstract String summary();

    /** What follows the options in the synopsis, e.g. {@code <container-id>}. */
    String argsLabel() {
        return "<container-id>";
    }

    /** Adds this command's options. */
    abstract void options(CommandFlags flags);

    /** True where everything from the first argument on belongs to it (exec's command, ps's options). */
    boolean ownsRest() {
        return false;
    }

    /** Runs the command; returns the exit status. Failures are thrown and reported by the caller. */
    abstract int execute(Invocation inv) throws Exception;

    final CommandFlags flags() {
        CommandFlags f = new CommandFlags();
        f.add(new CommandFlags.Option(new String[] {"--help", "-h"}, CommandFlags.Kind.FLAG, null, "show help", false));
        options(f);
        return f;
    }

    // --- option builders: every value is kept as text; commands parse numbers themselves ---

    static void flag(CommandFlags f, String description, String... names) {
        f.add(new CommandFlags.Option(names, CommandFlags.Kind.FLAG, null, description, false));
    }

    static void hiddenFlag(CommandFlags f, String... names) {
        f.add(new CommandFlags.Option(names, CommandFlags.Kind.FLAG, null, "", true));
    }

    static void value(CommandFlags f, String label, String description, String... names) {
        f.add(new CommandFlags.Option(names, CommandFlags.Kind.VALUE, label, description, false));
    }

    static void values(CommandFlags f, String label, String description, String... names) {
        f.add(new CommandFlags.Option(names, CommandFlags.Kind.LIST, label, description, false));
    }
}
