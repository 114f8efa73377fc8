package dev.jrunc.runtime.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A tiny JSON object writer for runc's stats shape (Go omits zero fields tagged omitempty). */
final class StatsJson {
    private final StringBuilder sb = new StringBuilder();
    private boolean first = true;

    StatsJson open(String key) {
        key(key);
        sb.append('{');
        first = true;
        return this;
    }

    StatsJson close() {
        sb.append('}');
        first = false;
        return this;
    }

    StatsJson num(String key, long v) {
        key(key);
        sb.append(Long.toUnsignedString(v));
        return this;
    }

    /** Omitted when zero (Go's omitempty). */
    StatsJson numOpt(String key, long v) {
        return v == 0 ? this : num(key, v);
    }

    StatsJson str(String key, String v) {
        key(key);
        sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        return this;
    }

    StatsJson raw(String key, String json) {
        key(key);
        sb.append(json);
        return this;
    }

    StatsJson list(String key, List<Long> v) {
        if (v.isEmpty()) return this;
        key(key);
        sb.append('[');
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(Long.toUnsignedString(v.get(i)));
        }
        sb.append(']');
        return this;
    }

    /** A map with sorted keys, as Go writes one; omitted when empty. */
    StatsJson map(String key, Map<String, Long> m) {
        if (m.isEmpty()) return this;
        open(key);
        for (var e : new TreeMap<>(m).entrySet()) num(e.getKey(), e.getValue());
        return close();
    }

    /** Blkio entries: {major, minor, op, value} with omitempty. */
    StatsJson entries(String key, List<long[]> majMinVal, List<String> ops) {
        if (majMinVal.isEmpty()) return this;
        key(key);
        sb.append('[');
        for (int i = 0; i < majMinVal.size(); i++) {
            if (i > 0) sb.append(',');
            long[] e = majMinVal.get(i);
            sb.append('{');
            first = true;
            numOpt("major", e[0]).numOpt("minor", e[1]);
            if (!ops.get(i).isEmpty()) str("op", ops.get(i));
            numOpt("value", e[2]);
            sb.append('}');
        }
        sb.append(']');
        first = false;
        return this;
    }

    private void key(String key) {
        if (key == null) {
            if (!first) sb.append(',');
            first = false;
            return;
        }
        if (!first) sb.append(',');
        sb.append('"').append(key).append("\":");
        first = false;
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** "key value" lines (memory.stat, cpu.stat) as a map. */
    static Map<String, Long> keyValues(Path file) {
        Map<String, Long> m = new TreeMap<>();
        String s;
        try {
            s = CgroupFiles.read(file);
        } catch (RuntimeException e) {
            return m;
        }
        if (s == null) return m;
        for (String l : s.split("\n")) {
            String[] p = l.trim().split("\\s+");
            if (p.length != 2) continue;
            try {
                m.put(p[0], Long.parseUnsignedLong(p[1]));
            } catch (NumberFormatException ignored) {
                // not a number
            }
        }
        return m;
    }
}
