package dev.jrunc.runtime.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One AOT cache's training run (bin/jrunc with JRUNC_AOT_OUTPUT and JRUNC_AOT_GROUP set,
 * driven by scripts/train-aot): the commands of one launcher group, in one JVM.
 *
 * <p>Each group gets its own AOT-linked cache because a linked cache loads every class it
 * holds at each start: {@code --version} must not pay for {@code state}'s classes, nor
 * {@code state} for create's, while linking is what makes a cache pay: it archives the
 * lambdas and method handles that are otherwise generated at each start (measured: user
 * CPU of {@code state} 77 ms unlinked, 38 ms linked) and halves the FFM linker's first call.
 * Arguments: group, state root, container id, and the bundle (launch group only).
 * Never on a user's path.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) throw new IllegalArgumentException("usage: AotTraining GROUP ROOT ID [BUNDLE]");
        String group = args[0], root = args[1], id = args[2];
        Path scratch = Files.createTempDirectory("jrunc-train");
        List<String[]> runs = new ArrayList<>();
        switch (group) {
            case "version" -> runs.add(new String[] {"--version"});
            case "light" -> {
                runs.add(new String[] {"features"});
                runs.add(new String[] {"spec", "--bundle", scratch.toString()});
                runs.add(new String[] {"--root", root, "state", "nosuch"});
                runs.add(new String[] {"--root", root, "--log-format", "json", "state", "nosuch"});
                runs.add(new String[] {"--root", root, "state", id});
                runs.add(new String[] {"--root", root, "list"});
                runs.add(new String[] {"--root", root, "list", "--format", "json"});
            }
            case "exec" -> {
                runs.add(new String[] {"--root", root, "exec", "nosuch", "true"});
                runs.add(new String[] {"--root", root, "exec", id, "true"});
                runs.add(new String[] {"--root", root, "exec", "--env", "A=1", "--cwd", "/", id, "sh", "-c", "exit 3"});
            }
            case "control" -> {
                runs.add(new String[] {"--root", root, "kill", "nosuch", "KILL"});
                runs.add(new String[] {"--root", root, "delete", "nosuch"});
                runs.add(new String[] {"--root", root, "--log-format", "json", "start", "nosuch"});
                runs.add(new String[] {"--root", root, "start", id});
                runs.add(new String[] {"--root", root, "ps", "--format", "json", id});
                runs.add(new String[] {"--root", root, "pause", id});
                runs.add(new String[] {"--root", root, "resume", id});
                runs.add(new String[] {"--root", root, "events", "--stats", id});
                runs.add(new String[] {"--root", root, "kill", id, "KILL"});
                runs.add(new String[] {"--root", root, "delete", "--force", id});
            }
            case "launch" -> {
                if (args.length < 4) throw new IllegalArgumentException("the launch group needs a bundle");
                String bundle = args[3];
                runs.add(new String[] {"validate", "--bundle", bundle});
                // exec into a created (waiting) init; not --detach: in this one JVM a detached
                // process would stay an unreaped child and keep the pid namespace from dying
                runs.add(new String[] {"--root", root, "create", "--bundle", bundle, id + "-x"});
                runs.add(new String[] {"--root", root, "exec", id + "-x", "true"});
                runs.add(new String[] {"--root", root, "delete", "--force", id + "-x"});
                // left created for the light and control trainings that follow
                runs.add(new String[] {"--root", root, "create", "--bundle", bundle, "--pid-file",
                        scratch.resolve("pid").toString(), id});
            }
            default -> throw new IllegalArgumentException("unknown group " + group);
        }
        for (String[] r : runs) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            PrintStream p = new PrintStream(sink);
            int rc = Main.run(r, p, p);
            System.err.println("trained " + group + ": jrunc " + String.join(" ", r) + " -> " + rc);
        }
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
