package dev.jrunc.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * setresuid/setresgid/setgroups as raw syscalls. Note: raw syscalls change the credentials of the
 * calling thread only (glibc's wrappers broadcast to all threads); call them in the single-threaded
 * child or in a dedicated thread.
 */
public final class Credentials {
    private Credentials() {}

    public static void setresuid(int ruid, int euid, int suid) {
        Syscalls.call("setresuid " + ruid + " " + euid + " " + suid, SysNr.setresuid, ruid, euid, suid);
    }

    public static void setresgid(int rgid, int egid, int sgid) {
        Syscalls.call("setresgid " + rgid + " " + egid + " " + sgid, SysNr.setresgid, rgid, egid, sgid);
    }

    public static void setgroups(int... gids) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment list = gids.length == 0 ? MemorySegment.NULL : a.allocateFrom(ValueLayout.JAVA_INT, gids);
            Syscalls.call("setgroups", SysNr.setgroups, gids.length, list.address());
        }
    }

    /** getresuid(2): {ruid, euid, suid}. */
    public static int[] getresuid() {
        return getres(SysNr.getresuid, "getresuid");
    }

    /** getresgid(2): {rgid, egid, sgid}. */
    public static int[] getresgid() {
        return getres(SysNr.getresgid, "getresgid");
    }

    private static int[] getres(int nr, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ids = a.allocate(ValueLayout.JAVA_INT, 3);
            Syscalls.call(what, nr, ids.address(), ids.address() + 4, ids.address() + 8);
            return ids.toArray(ValueLayout.JAVA_INT);
        }
    }

    /** getgroups(2). */
    public static int[] getgroups() {
        int n = (int) Syscalls.call("getgroups", SysNr.getgroups, 0, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment list = a.allocate(ValueLayout.JAVA_INT, Math.max(n, 1));
            int m = (int) Syscalls.call("getgroups", SysNr.getgroups, n, list.address());
            return list.asSlice(0, 4L * m).toArray(ValueLayout.JAVA_INT);
        }
    }
}
