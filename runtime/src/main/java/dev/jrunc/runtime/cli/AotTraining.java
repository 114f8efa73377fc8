package dev.jrunc.runtime.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The AOT cache's training run (bin/jrunc with JRUNC_AOT_OUTPUT set): the commands
 * engines run, in one JVM, so that the cache holds the classes of each of them.
 * With root and the example bundle it also creates, starts and deletes a container,
 * which loads the FFM and trampoline classes create needs. Never on a user's path.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("jrunc-train");
        String root = work.resolve("root").toString();
        String bundle = args.length > 0 ? args[0] : null;
        List<String[]> runs = new ArrayList<>(List.of(
                new String[] {"--version"},
                new String[] {"features"},
                new String[] {"spec", "--bundle", work.toString()},
                new String[] {"--root", root, "state", "nosuch"},
                new String[] {"--root", root, "kill", "nosuch", "KILL"},
                new String[] {"--root", root, "delete", "--force", "nosuch"},
                new String[] {"--root", root, "list"},
                new String[] {"--root", root, "--log-format", "json", "start", "nosuch"}));
        if (bundle != null && Files.isDirectory(Path.of(bundle, "rootfs"))) {
            runs.add(new String[] {"validate", "--bundle", bundle});
            runs.add(new String[] {"--root", root, "create", "--bundle", bundle, "--pid-file",
                    work.resolve("pid").toString(), "train"});
            runs.add(new String[] {"--root", root, "state", "train"});
            runs.add(new String[] {"--root", root, "start", "train"});
            runs.add(new String[] {"--root", root, "kill", "train", "KILL"});
            runs.add(new String[] {"--root", root, "list", "--format", "json"});
            runs.add(new String[] {"--root", root, "delete", "--force", "train"});
            // exec into the created (waiting) init; not --detach: in this one JVM a detached
            // process would stay an unreaped child and keep the pid namespace from dying
            runs.add(new String[] {"--root", root, "create", "--bundle", bundle, "trainx"});
            runs.add(new String[] {"--root", root, "exec", "trainx", "true"});
            runs.add(new String[] {"--root", root, "delete", "--force", "trainx"});
        }
        for (String[] r : runs) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            PrintStream p = new PrintStream(sink);
            int rc = Main.run(r, p, p);
            System.err.println("trained: jrunc " + String.join(" ", r) + " -> " + rc);
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
