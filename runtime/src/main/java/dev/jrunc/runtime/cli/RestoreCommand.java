package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.CriuRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code restore}: create a container from a checkpoint image. */
final class RestoreCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new RestoreCommand();
    }

    private static final String[] VALUES = {
        "--image-path", "--work-path", "--manage-cgroups-mode", "--empty-ns", "--lsm-profile", "--lsm-mount-context",
    };
    private static final String[] FLAGS = {
        "--tcp-established", "--ext-unix-sk", "--shell-job", "--file-locks", "--auto-dedup", "--lazy-pages",
    };

    @Override
    String name() {
        return "restore";
    }

    @Override
    String summary() {
        return "restore a container from a previous checkpoint";
    }

    @Override
    void options(CommandFlags s) {
        CreateFlags.consoleSocket(s);
        value(s, "value", "path to criu image files for restoring", "--image-path");
        value(s, "value", "path for saving work files and logs", "--work-path");
        flag(s, "allow open tcp connections", "--tcp-established");
        flag(s, "allow external unix sockets", "--ext-unix-sk");
        flag(s, "allow shell jobs", "--shell-job");
        flag(s, "handle file locks, for safety", "--file-locks");
        value(s, "value", "cgroups mode: 'soft' (default), 'full' and 'strict'", "--manage-cgroups-mode");
        CreateFlags.bundle(s, "path to the root of the bundle directory");
        flag(s, "detach from the container's process", "--detach", "-d");
        CreateFlags.pidFile(s);
        flag(s, CreateFlags.NO_SUBREAPER, "--no-subreaper");
        flag(s, CreateFlags.NO_PIVOT, "--no-pivot");
        value(s, "value", "create a namespace, but don't restore its properties", "--empty-ns");
        flag(s, "enable auto deduplication of memory images", "--auto-dedup");
        flag(s, "use userfaultfd to lazily restore memory pages", "--lazy-pages");
        value(s, "value", "Specify an LSM profile to be used during restore in the form of TYPE:NAME.",
                "--lsm-profile");
        value(s, "value", "Specify an LSM mount context to be used during restore.", "--lsm-mount-context");
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        return inv.runtime().restore(CreateFlags.request(inv), criu(inv, VALUES, FLAGS));
    }

    static CriuRequest criu(Invocation inv, String[] values, String[] flags) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String v : values) {
            String s = inv.string(v, null);
            if (s != null) o.put(v.substring(2), s);
        }
        for (String f : flags) {
            if (inv.flag(f)) o.put(f.substring(2), "true");
        }
        return new CriuRequest(inv.arg(0), o);
    }
}
