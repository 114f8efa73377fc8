package dev.jrunc.runtime.cgroup;

import dev.jrunc.spec.ConfigException;
import dev.jrunc.spec.ConfigLoader;
import dev.jrunc.spec.config.BlockIO;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Cpu;
import dev.jrunc.spec.config.Memory;
import dev.jrunc.spec.config.Pids;
import dev.jrunc.spec.config.Resources;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** {@code update}'s new limits: a linux.resources JSON document, or runc's individual flags. */
public final class UpdateResources {
    private UpdateResources() {}

    /** Parses a resources document as if it stood at /linux/resources of a config. */
    public static Resources parse(byte[] json) throws CgroupException {
        String doc = "{\"ociVersion\":\"1.0.0\",\"linux\":{\"resources\":"
                + new String(json, StandardCharsets.UTF_8) + "}}";
        try {
            Config c = ConfigLoader.parse(doc.getBytes(StandardCharsets.UTF_8));
            return c.linux() == null ? null : c.linux().resources();
        } catch (ConfigException e) {
            throw new CgroupException("invalid resources: " + e.getMessage());
        }
    }

    /** The flags (names without dashes, as UpdateCommand keys them). */
    public static Resources fromFlags(Map<String, String> v) throws CgroupException {
        if (v.containsKey("l3-cache-schema") || v.containsKey("mem-bw-schema")) {
            throw new CgroupException("Intel RDT is not supported");
        }
        Long memory = bytes(v, "memory"), reservation = bytes(v, "memory-reservation"), swap = bytes(v, "memory-swap");
        Memory mem = memory == null && reservation == null && swap == null ? null
                : new Memory(memory, reservation, swap, null, null, null, null, null, null);
        Long shares = number(v, "cpu-share"), quota = number(v, "cpu-quota"), period = number(v, "cpu-period"),
                rtPeriod = number(v, "cpu-rt-period"), rtRuntime = number(v, "cpu-rt-runtime");
        String cpus = v.get("cpuset-cpus"), mems = v.get("cpuset-mems");
        Cpu cpu = shares == null && quota == null && period == null && rtPeriod == null && rtRuntime == null
                && cpus == null && mems == null ? null
                : new Cpu(shares, quota, null, period, rtRuntime, rtPeriod, cpus, mems, null);
        Long pidsLimit = number(v, "pids-limit");
        Long blkio = number(v, "blkio-weight");
        return new Resources(null, mem, cpu, pidsLimit == null ? null : new Pids(pidsLimit),
                blkio == null ? null : new BlockIO(blkio.intValue(), null, null, null, null, null, null), null, null,
                null, null);
    }

    private static Long number(Map<String, String> v, String key) throws CgroupException {
        String s = v.get(key);
        if (s == null) return null;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new CgroupException("invalid value for --" + key + ": " + s);
        }
    }

    /** A size as runc takes it: "-1", bytes, or a number with a binary k/m/g/t/p suffix ("64M", "1.5g", "2MiB"). */
    static Long bytes(Map<String, String> v, String key) throws CgroupException {
        String s = v.get(key);
        if (s == null) return null;
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("-1")) return -1L;
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        String numPart = t.substring(0, i), unit = t.substring(i).trim();
        if (unit.endsWith("b")) unit = unit.substring(0, unit.length() - 1);
        if (unit.endsWith("i")) unit = unit.substring(0, unit.length() - 1);
        long mult = switch (unit) {
            case "" -> 1L;
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            case "p" -> 1L << 50;
            default -> -1L;
        };
        if (mult < 0 || numPart.isEmpty()) throw new CgroupException("invalid value for --" + key + ": " + s);
        try {
            return numPart.contains(".") ? (long) (Double.parseDouble(numPart) * mult) : Long.parseLong(numPart) * mult;
        } catch (NumberFormatException e) {
            throw new CgroupException("invalid value for --" + key + ": " + s);
        }
    }
}
