package dev.jrunc.runtime.cli;

/** {@code checkpoint}: dump a running container with criu. */
final class CheckpointCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new CheckpointCommand();
    }

    private static final String[] VALUES = {
        "--image-path", "--work-path", "--parent-path", "--status-fd", "--page-server", "--manage-cgroups-mode",
        "--empty-ns",
    };
    private static final String[] FLAGS = {
        "--leave-running", "--tcp-established", "--ext-unix-sk", "--shell-job", "--lazy-pages", "--file-locks",
        "--pre-dump", "--auto-dedup",
    };

    @Override
    String name() {
        return "checkpoint";
    }

    @Override
    String summary() {
        return "checkpoint a running container";
    }

    @Override
    void options(CommandFlags s) {
        value(s, "value", "path for saving criu image files", "--image-path");
        value(s, "value", "path for saving work files and logs", "--work-path");
        value(s, "value", "path for previous criu image files in pre-dump", "--parent-path");
        flag(s, "leave the process running after checkpointing", "--leave-running");
        flag(s, "allow open tcp connections", "--tcp-established");
        flag(s, "allow external unix sockets", "--ext-unix-sk");
        flag(s, "allow shell jobs", "--shell-job");
        flag(s, "use userfaultfd to lazily restore memory pages", "--lazy-pages");
        value(s, "value", "criu writes \\0 to this FD once lazy-pages is ready (default: -1)", "--status-fd");
        value(s, "value", "ADDRESS:PORT of the page server", "--page-server");
        flag(s, "handle file locks, for safety", "--file-locks");
        flag(s, "dump container's memory information only, leave the container running after this", "--pre-dump");
        value(s, "value", "cgroups mode: 'soft' (default), 'full' and 'strict'", "--manage-cgroups-mode");
        value(s, "value", "create a namespace, but don't restore its properties", "--empty-ns");
        flag(s, "enable auto deduplication of memory images", "--auto-dedup");
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        inv.runtime().checkpoint(RestoreCommand.criu(inv, VALUES, FLAGS));
        return 0;
    }
}
