package dev.jrunc.runtime.launch;

import static dev.jrunc.runtime.launch.Abi.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of one config mount split the way the kernel wants them: mount(2)
 * flags, propagation flags (a separate call), recursive attributes
 * (mount_setattr with AT_RECURSIVE) and the filesystem data string.
 */
public record MountOptions(long flags, long clearedFlags, long propagation, long attrSet, long attrClr,
                           String data, boolean bind, boolean recursiveBind) {

    private record Flag(boolean clear, long value) {}

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("ro", new Flag(false, MS_RDONLY)), Map.entry("rw", new Flag(true, MS_RDONLY)),
            Map.entry("nosuid", new Flag(false, MS_NOSUID)), Map.entry("suid", new Flag(true, MS_NOSUID)),
            Map.entry("nodev", new Flag(false, MS_NODEV)), Map.entry("dev", new Flag(true, MS_NODEV)),
            Map.entry("noexec", new Flag(false, MS_NOEXEC)), Map.entry("exec", new Flag(true, MS_NOEXEC)),
            Map.entry("sync", new Flag(false, MS_SYNCHRONOUS)), Map.entry("async", new Flag(true, MS_SYNCHRONOUS)),
            Map.entry("dirsync", new Flag(false, MS_DIRSYNC)),
            Map.entry("mand", new Flag(false, MS_MANDLOCK)), Map.entry("nomand", new Flag(true, MS_MANDLOCK)),
            Map.entry("noatime", new Flag(false, MS_NOATIME)), Map.entry("atime", new Flag(true, MS_NOATIME)),
            Map.entry("nodiratime", new Flag(false, MS_NODIRATIME)), Map.entry("diratime", new Flag(true, MS_NODIRATIME)),
            Map.entry("relatime", new Flag(false, MS_RELATIME)), Map.entry("norelatime", new Flag(true, MS_RELATIME)),
            Map.entry("strictatime", new Flag(false, MS_STRICTATIME)),
            Map.entry("nostrictatime", new Flag(true, MS_STRICTATIME)),
            Map.entry("lazytime", new Flag(false, MS_LAZYTIME)), Map.entry("nolazytime", new Flag(true, MS_LAZYTIME)),
            Map.entry("nosymfollow", new Flag(false, MS_NOSYMFOLLOW)),
            Map.entry("symfollow", new Flag(true, MS_NOSYMFOLLOW)),
            Map.entry("silent", new Flag(false, MS_SILENT)), Map.entry("loud", new Flag(true, MS_SILENT)),
            Map.entry("iversion", new Flag(false, MS_I_VERSION)), Map.entry("noiversion", new Flag(true, MS_I_VERSION)),
            Map.entry("remount", new Flag(false, MS_REMOUNT)));

    private static final List<String> SPECIAL = List.of("bind", "rbind", "tmpcopyup", "defaults");

    /** Every option name this parser gives a meaning to, sorted (for {@code jrunc features}). */
    public static List<String> known() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(FLAGS.keySet());
        all.addAll(PROPAGATION.keySet());
        all.addAll(RECURSIVE.keySet());
        all.addAll(SPECIAL);
        return List.copyOf(all);
    }

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    /** Recursive attributes: name → {set, clear}. */
    private static final Map<String, long[]> RECURSIVE = Map.ofEntries(
            Map.entry("rro", new long[] {MOUNT_ATTR_RDONLY, 0}), Map.entry("rrw", new long[] {0, MOUNT_ATTR_RDONLY}),
            Map.entry("rnosuid", new long[] {MOUNT_ATTR_NOSUID, 0}), Map.entry("rsuid", new long[] {0, MOUNT_ATTR_NOSUID}),
            Map.entry("rnodev", new long[] {MOUNT_ATTR_NODEV, 0}), Map.entry("rdev", new long[] {0, MOUNT_ATTR_NODEV}),
            Map.entry("rnoexec", new long[] {MOUNT_ATTR_NOEXEC, 0}), Map.entry("rexec", new long[] {0, MOUNT_ATTR_NOEXEC}),
            Map.entry("rnodiratime", new long[] {MOUNT_ATTR_NODIRATIME, 0}),
            Map.entry("rdiratime", new long[] {0, MOUNT_ATTR_NODIRATIME}),
            Map.entry("rrelatime", new long[] {MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME}),
            Map.entry("rnorelatime", new long[] {0, MOUNT_ATTR__ATIME}),
            Map.entry("rnoatime", new long[] {MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME}),
            Map.entry("ratime", new long[] {0, MOUNT_ATTR__ATIME}),
            Map.entry("rstrictatime", new long[] {MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME}),
            Map.entry("rnostrictatime", new long[] {0, MOUNT_ATTR__ATIME}),
            Map.entry("rnosymfollow", new long[] {MOUNT_ATTR_NOSYMFOLLOW, 0}),
            Map.entry("rsymfollow", new long[] {0, MOUNT_ATTR_NOSYMFOLLOW}));

    public static MountOptions parse(List<String> options) {
        long flags = 0, cleared = 0, propagation = 0, attrSet = 0, attrClr = 0;
        boolean bind = false, rbind = false;
        List<String> data = new ArrayList<>();
        for (String o : options == null ? List.<String>of() : options) {
            Flag f = FLAGS.get(o);
            if (f != null) {
                if (f.clear()) { flags &= ~f.value(); cleared |= f.value(); }
                else { flags |= f.value(); cleared &= ~f.value(); }
                continue;
            }
            Long p = PROPAGATION.get(o);
            if (p != null) { propagation |= p; continue; }
            long[] r = RECURSIVE.get(o);
            if (r != null) { attrSet |= r[0]; attrClr |= r[1]; continue; }
            switch (o) {
                case "bind" -> bind = true;
                case "rbind" -> { bind = true; rbind = true; }
                case "tmpcopyup", "defaults" -> { } // runc accepts these and does nothing special here
                default -> data.add(o);
            }
        }
        return new MountOptions(flags, cleared, propagation, attrSet, attrClr, String.join(",", data), bind, rbind);
    }

    /** The flags of the mount(2) call itself. */
    public long mountFlags() {
        return flags | (bind ? MS_BIND : 0) | (recursiveBind ? MS_REC : 0);
    }

    /** A bind mount ignores everything but MS_BIND|MS_REC; other flags need a remount. */
    public boolean bindNeedsRemount() {
        return bind && (flags & ~(MS_REMOUNT)) != 0;
    }

    private static final long[] FLAG_BITS = {MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_SYNCHRONOUS,
            MS_REMOUNT, MS_MANDLOCK, MS_DIRSYNC, MS_NOSYMFOLLOW, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_MOVE,
            MS_REC, MS_SILENT, MS_UNBINDABLE, MS_PRIVATE, MS_SLAVE, MS_SHARED, MS_RELATIME, MS_STRICTATIME,
            MS_LAZYTIME};
    private static final String[] FLAG_NAMES = {"MS_RDONLY", "MS_NOSUID", "MS_NODEV", "MS_NOEXEC",
            "MS_SYNCHRONOUS", "MS_REMOUNT", "MS_MANDLOCK", "MS_DIRSYNC", "MS_NOSYMFOLLOW", "MS_NOATIME",
            "MS_NODIRATIME", "MS_BIND", "MS_MOVE", "MS_REC", "MS_SILENT", "MS_UNBINDABLE", "MS_PRIVATE",
            "MS_SLAVE", "MS_SHARED", "MS_RELATIME", "MS_STRICTATIME", "MS_LAZYTIME"};

    /** strace-style names of mount(2) flags. */
    public static String describe(long flags) {
        if (flags == 0) return "0";
        StringBuilder sb = new StringBuilder();
        long rest = flags;
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) {
                if (!sb.isEmpty()) sb.append('|');
                sb.append(FLAG_NAMES[i]);
                rest &= ~FLAG_BITS[i];
            }
        }
        if (rest != 0) sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(rest));
        return sb.toString();
    }
}
