package dev.jrunc.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container's init as the host sees it: its pid and the start time the kernel
 * gave it (field 22 of /proc/PID/stat), which tells a reused pid from ours.
 */
public record InitProcess(int pid, long startTime) {

    /** The start time of a live process, or -1 when there is none (or it is a zombie). */
    public static long startTimeOf(int pid) {
        String stat;
        try {
            // plain file I/O: state and list must not pay for FFM set-up (~100 ms)
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        // the command name may hold spaces and parentheses: fields count from the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0) return -1;
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state); the start time is field 22
        if (f.length < 20 || f[0].equals("Z") || f[0].equals("X")) return -1;
        return Long.parseLong(f[19]);
    }

    public static InitProcess of(int pid) {
        return new InitProcess(pid, startTimeOf(pid));
    }

    /** Still running (not exited, not reaped and replaced by another process). */
    public boolean alive() {
        return pid > 0 && startTime >= 0 && startTimeOf(pid) == startTime;
    }

    /** The persisted form: "PID STARTTIME". */
    public String serialize() {
        return pid + " " + startTime;
    }

    public static InitProcess parse(String s) {
        String[] f = s.trim().split(" ");
        return new InitProcess(Integer.parseInt(f[0]), Long.parseLong(f[1]));
    }
}
