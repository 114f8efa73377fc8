package dev.jrunc.runtime.cgroup;

import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Device;
import dev.jrunc.spec.config.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The device cgroup rules of a container, as runc resolves them: the config's
 * {@code linux.resources.devices} in order, then runc's default allow rules (mknod of any
 * char or block device, the standard nodes, ptys, /dev/net/tun). A default rule for a node
 * that {@code linux.devices} lists by the same path is left out, as runc does. Pure: config
 * in, ordered rules out; {@link DeviceState} folds them into what the kernel enforces.
 */
public final class DeviceRules {
    private DeviceRules() {}

    /** Wildcard major or minor ({@code *}). */
    public static final long ANY = -1;

    /** Access bits, as in the eBPF device context. */
    public static final int MKNOD = 1, READ = 2, WRITE = 4, RWM = 7;

    /**
     * One rule. {@code type} is 'a', 'c' or 'b'; {@code access} a set of {@link #READ},
     * {@link #WRITE}, {@link #MKNOD}; {@code source} names where it came from (a JSON pointer
     * or "default rule").
     */
    public record Rule(char type, long major, long minor, int access, boolean allow, String source) {
        /** The cgroup v1 form: "c 1:3 rwm", "a *:* rwm". */
        public String cgroupString() {
            return type + " " + (major == ANY ? "*" : Long.toString(major)) + ":"
                    + (minor == ANY ? "*" : Long.toString(minor)) + " " + accessString(access);
        }

        @Override
        public String toString() {
            return (allow ? "allow " : "deny ") + cgroupString();
        }
    }

    /** runc's default rules, in its order; the ones with a path give way to a linux.devices entry. */
    private static final String[] DEFAULT_PATHS = {null, null, "/dev/null", "/dev/random", "/dev/full", "/dev/tty",
        "/dev/zero", "/dev/urandom", null, null, null};
    private static final Rule[] DEFAULTS = {
        def('c', ANY, ANY, MKNOD), def('b', ANY, ANY, MKNOD),
        def('c', 1, 3, RWM), def('c', 1, 8, RWM), def('c', 1, 7, RWM), def('c', 5, 0, RWM),
        def('c', 1, 5, RWM), def('c', 1, 9, RWM),
        def('c', 136, ANY, RWM), // /dev/pts/*
        def('c', 5, 2, RWM), // /dev/ptmx
        def('c', 10, 200, RWM), // /dev/net/tun
    };

    private static Rule def(char type, long major, long minor, int access) {
        return new Rule(type, major, minor, access, true, "default rule");
    }

    /** {@link #resolve(List, List)} of a config. */
    public static List<Rule> resolve(Config config) throws CgroupException {
        if (config.linux() == null) return resolve(null, null);
        List<DeviceRule> rules = config.linux().resources() == null ? null : config.linux().resources().devices();
        return resolve(rules, config.linux().devices());
    }

    /**
     * The ordered rules: {@code rules} (validated, each error naming its JSON pointer), then
     * the defaults not replaced by a {@code devices} entry of the same path.
     */
    public static List<Rule> resolve(List<DeviceRule> rules, List<Device> devices) throws CgroupException {
        List<Rule> out = new ArrayList<>();
        if (rules != null) {
            for (int i = 0; i < rules.size(); i++) out.add(rule(rules.get(i), "/linux/resources/devices/" + i));
        }
        next:
        for (int i = 0; i < DEFAULTS.length; i++) {
            if (DEFAULT_PATHS[i] != null && devices != null) {
                for (Device d : devices) if (DEFAULT_PATHS[i].equals(d.path())) continue next;
            }
            out.add(DEFAULTS[i]);
        }
        return out;
    }

    private static Rule rule(DeviceRule r, String ptr) throws CgroupException {
        String t = r.type() == null || r.type().isEmpty() ? "a" : r.type();
        if (!t.equals("a") && !t.equals("c") && !t.equals("b")) {
            throw new CgroupException(ptr + "/type: invalid cgroup device type \"" + t + "\" (want a, b or c)");
        }
        if (r.access() == null || r.access().isEmpty()) {
            throw new CgroupException(ptr + "/access: must not be empty (a combination of r, w and m)");
        }
        int access = parseAccess(r.access());
        if (access < 0) {
            throw new CgroupException(ptr + "/access: \"" + r.access() + "\" is not a combination of r, w and m");
        }
        long major = number(r.major(), ptr + "/major");
        long minor = number(r.minor(), ptr + "/minor");
        return new Rule(t.charAt(0), major, minor, access, r.allow(), ptr);
    }

    private static long number(Long v, String ptr) throws CgroupException {
        if (v == null || v == ANY) return ANY;
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new CgroupException(ptr + ": " + v + " is not a device number (0 to 4294967295, or -1 for any)");
        }
        return v;
    }

    /** "rwm" → bits; -1 for a letter other than r, w, m. */
    static int parseAccess(String s) {
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case 'r' -> bits |= READ;
                case 'w' -> bits |= WRITE;
                case 'm' -> bits |= MKNOD;
                default -> {
                    return -1;
                }
            }
        }
        return bits;
    }

    static String accessString(int bits) {
        StringBuilder sb = new StringBuilder(3);
        if ((bits & READ) != 0) sb.append('r');
        if ((bits & WRITE) != 0) sb.append('w');
        if ((bits & MKNOD) != 0) sb.append('m');
        return sb.toString();
    }
}
