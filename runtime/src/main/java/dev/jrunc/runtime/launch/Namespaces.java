package dev.jrunc.runtime.launch;

import static dev.jrunc.runtime.launch.Abi.*;

import java.util.Map;

/** Namespace types of the runtime-spec and their clone flags. */
public final class Namespaces {
    private Namespaces() {}

    private static final Map<String, Long> FLAGS = Map.of(
            "pid", CLONE_NEWPID, "network", CLONE_NEWNET, "mount", CLONE_NEWNS, "ipc", CLONE_NEWIPC,
            "uts", CLONE_NEWUTS, "user", CLONE_NEWUSER, "cgroup", CLONE_NEWCGROUP, "time", CLONE_NEWTIME);

    /** The clone flag of a runtime-spec namespace type. */
    public static long cloneFlag(String type) {
        Long f = FLAGS.get(type);
        if (f == null) throw new IllegalArgumentException("unknown namespace type " + type);
        return f;
    }

    private static final String[] ORDER = {"user", "mount", "pid", "network", "ipc", "uts", "cgroup", "time"};
    private static final String[] NAMES = {"CLONE_NEWUSER", "CLONE_NEWNS", "CLONE_NEWPID", "CLONE_NEWNET",
            "CLONE_NEWIPC", "CLONE_NEWUTS", "CLONE_NEWCGROUP", "CLONE_NEWTIME"};

    public static String describeCloneFlags(long flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ORDER.length; i++) {
            if ((flags & FLAGS.get(ORDER[i])) != 0) {
                if (!sb.isEmpty()) sb.append('|');
                sb.append(NAMES[i]);
            }
        }
        return sb.isEmpty() ? "0" : sb.toString();
    }
}
