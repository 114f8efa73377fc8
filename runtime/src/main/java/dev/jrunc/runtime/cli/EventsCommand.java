package dev.jrunc.runtime.cli;

/** {@code events}: container events (OOM, stats) as JSON lines; --stats prints one sample and exits. */
final class EventsCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new EventsCommand();
    }

    @Override
    String name() {
        return "events";
    }

    @Override
    String summary() {
        return "display container events such as OOM notifications, cpu, memory, and IO usage statistics";
    }

    @Override
    void options(CommandFlags s) {
        value(s, "value", "set the stats collection interval (default: 5s)", "--interval");
        flag(s, "display the container's stats then exit", "--stats");
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        // a zero or negative interval is refused after the container is found, as runc does
        long interval = Durations.parseMillis(inv.string("--interval", "5s"));
        inv.runtime().events(inv.arg(0), inv.flag("--stats"), interval, inv.out);
        return 0;
    }
}
