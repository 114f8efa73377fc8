package dev.jrunc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's effective uid and gid, read from /proc/self/status (no native calls on the hot path). */
public final class ProcessIds {
    private ProcessIds() {}

    private static int[] ids;

    public static int euid() {
        return load()[0];
    }

    public static int egid() {
        return load()[1];
    }

    private static synchronized int[] load() {
        if (ids != null) return ids;
        int uid = -1;
        int gid = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                // "Uid:\treal\teffective\tsaved\tfs"
                if (line.startsWith("Uid:")) uid = second(line);
                else if (line.startsWith("Gid:")) gid = second(line);
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the name check
        }
        if (uid < 0) uid = "root".equals(System.getProperty("user.name")) ? 0 : 65534;
        if (gid < 0) gid = uid == 0 ? 0 : 65534;
        ids = new int[] {uid, gid};
        return ids;
    }

    /** The second number of a "Uid:\tR\tE\tS\tF" line (no regex: it would cost startup). */
    private static int second(String line) {
        int i = 4, n = line.length();
        for (int field = 0; ; field++) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
            if (field == 1) return Integer.parseInt(line.substring(start, i));
        }
    }
}
