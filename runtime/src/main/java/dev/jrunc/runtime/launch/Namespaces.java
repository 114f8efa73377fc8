package dev.jrunc.runtime.launch;

/** Namespace types of the runtime-spec: their clone flags and how a plan prints them. */
public final class Namespaces {
    private Namespaces() {}

    /** The clone flag of a runtime-spec namespace type. */
    public static long cloneFlag(String type) {
        int f = dev.jrunc.linux.Namespaces.cloneFlag(type);
        if (f == 0) throw new IllegalArgumentException("unknown namespace type " + type);
        return f & 0xffffffffL;
    }

    private static final String[] ORDER = {"user", "mount", "pid", "network", "ipc", "uts", "cgroup", "time"};
    private static final String[] NAMES = {"CLONE_NEWUSER", "CLONE_NEWNS", "CLONE_NEWPID", "CLONE_NEWNET",
            "CLONE_NEWIPC", "CLONE_NEWUTS", "CLONE_NEWCGROUP", "CLONE_NEWTIME"};

    public static String describeCloneFlags(long flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ORDER.length; i++) {
            if ((flags & cloneFlag(ORDER[i])) != 0) {
                if (!sb.isEmpty()) sb.append('|');
                sb.append(NAMES[i]);
            }
        }
        return sb.isEmpty() ? "0" : sb.toString();
    }
}
