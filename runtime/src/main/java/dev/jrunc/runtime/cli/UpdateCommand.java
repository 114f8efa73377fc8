package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.UpdateRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code update}: change a container's resource limits, from a JSON file (or stdin) or from flags. */
final class UpdateCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new UpdateCommand();
    }

    /** The individual limits, in runc's order; their names are the request's keys. */
    private static final String[][] LIMITS = {
        {"--blkio-weight", "Specifies per cgroup weight, range is from 10 to 1000 (default: 0)"},
        {"--cpu-period", "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default"},
        {"--cpu-quota", "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period"},
        {"--cpu-share", "CPU shares (relative weight vs. other containers)"},
        {"--cpu-rt-period", "CPU realtime period to be used for hardcapping (in usecs). 0 to use system default"},
        {"--cpu-rt-runtime", "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period"},
        {"--cpuset-cpus", "CPU(s) to use"},
        {"--cpuset-mems", "Memory node(s) to use"},
        {"--memory", "Memory limit (in bytes)"},
        {"--memory-reservation", "Memory reservation or soft_limit (in bytes)"},
        {"--memory-swap", "Total memory usage (memory + swap); set '-1' to enable unlimited swap"},
        {"--pids-limit", "Maximum number of pids allowed in the container (default: 0)"},
        {"--l3-cache-schema", "The string of Intel RDT/CAT L3 cache schema"},
        {"--mem-bw-schema", "The string of Intel RDT/MBA memory bandwidth schema"},
    };

    @Override
    String name() {
        return "update";
    }

    @Override
    String summary() {
        return "update container resource constraints";
    }

    @Override
    void options(CommandFlags s) {
        value(s, "value", "path to the file containing the resources to update or '-' to read from the standard input",
                "--resources", "-r");
        for (String[] l : LIMITS) value(s, "value", l[1], l[0]);
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(1);
        Map<String, String> values = new LinkedHashMap<>();
        for (String[] l : LIMITS) {
            String v = inv.string(l[0], null);
            if (v != null) values.put(l[0].substring(2), v);
        }
        inv.runtime().update(new UpdateRequest(inv.arg(0), inv.string("--resources", null), values), inv.in);
        return 0;
    }
}
