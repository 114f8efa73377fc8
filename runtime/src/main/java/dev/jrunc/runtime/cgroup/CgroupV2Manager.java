package dev.jrunc.runtime.cgroup;

import dev.jrunc.linux.LinuxException;
import dev.jrunc.spec.config.BlockIO;
import dev.jrunc.spec.config.Cpu;
import dev.jrunc.spec.config.HugepageLimit;
import dev.jrunc.spec.config.Memory;
import dev.jrunc.spec.config.Resources;
import dev.jrunc.spec.config.ThrottleDevice;
import dev.jrunc.spec.config.WeightDevice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cgroup v2 unified hierarchy: one directory, controllers enabled down the path. */
public final class CgroupV2Manager extends CgroupSupport implements CgroupManager {

    CgroupV2Manager(CgroupMode mode, List<Node> nodes) {
        super(mode, nodes);
    }

    private Path dir() {
        return nodes.getFirst().dir;
    }

    @Override
    Path procsDir() {
        return dir();
    }

    @Override
    public void create() throws CgroupException {
        super.create();
        Node n = nodes.getFirst();
        if (n.mount == null) return;
        // each ancestor hands its controllers down (the root may hold processes; others must not)
        for (Path p = n.mount; !p.equals(n.dir) && n.dir.startsWith(p); p = p.resolve(n.dir.getName(p.getNameCount()))) {
            String avail = CgroupFiles.read(p.resolve("cgroup.controllers"));
            if (avail == null || avail.isEmpty()) continue;
            for (String c : avail.split("\\s+")) {
                try {
                    CgroupFiles.write(p.resolve("cgroup.subtree_control"), "+" + c);
                } catch (LinuxException ignored) {
                    // a controller the parent cannot hand down stays off; writing its files fails later
                }
            }
        }
    }

    /** runc's cpu.shares (2..262144) → cpu.weight (1..10000). */
    public static long sharesToWeight(long shares) {
        return shares == 0 ? 0 : 1 + ((shares - 2) * 9999) / 262142;
    }

    /** runc's blkio weight (10..1000) → io.weight (1..10000). */
    public static long blkioToIoWeight(long weight) {
        return weight == 0 ? 0 : 1 + ((weight - 10) * 9999) / 990;
    }

    /**
     * memory.swap.max from the spec's memory+swap total: -1 → max, 0 → unset; otherwise
     * the swap part alone, which needs a memory limit no larger than the total.
     */
    public static long swapToV2(long swap, long memory, String pointer) throws CgroupException {
        if (memory == -1 && swap == 0) return -1;
        if (swap == -1 || swap == 0) return swap;
        if (memory == 0 || memory == -1) throw new CgroupException(pointer + ": a swap limit needs a memory limit");
        if (Long.compareUnsigned(swap, memory) < 0) {
            throw new CgroupException(pointer + ": memory+swap limit " + Long.toUnsignedString(swap)
                    + " is below the memory limit " + Long.toUnsignedString(memory));
        }
        return swap - memory;
    }

    private static String max(long v) {
        return v == -1 ? "max" : Long.toUnsignedString(v);
    }

    @Override
    public List<String> apply(Resources r) throws CgroupException {
        List<String> warnings = new ArrayList<>();
        if (r == null) return warnings;
        Path d = dir();
        Cpu cpu = r.cpu();
        if (cpu != null) {
            String p = "/linux/resources/cpu/";
            if (cpu.cpus() != null && !cpu.cpus().isEmpty()) set(d, "cpuset.cpus", cpu.cpus(), p + "cpus");
            if (cpu.mems() != null && !cpu.mems().isEmpty()) set(d, "cpuset.mems", cpu.mems(), p + "mems");
        }
        if (r.memory() != null) memory(d, r.memory(), warnings);
        if (cpu != null) cpu(d, cpu);
        if (r.pids() != null && r.pids().limit() != null && r.pids().limit() != 0) {
            long l = r.pids().limit();
            set(d, "pids.max", l > 0 ? Long.toString(l) : "max", "/linux/resources/pids/limit");
        }
        if (r.blockIO() != null) io(d, r.blockIO(), warnings);
        if (r.hugepageLimits() != null) {
            for (int i = 0; i < r.hugepageLimits().size(); i++) {
                HugepageLimit h = r.hugepageLimits().get(i);
                set(d, "hugetlb." + h.pageSize() + ".max", max(h.limit()), "/linux/resources/hugepageLimits/" + i + "/limit");
            }
        }
        if (r.network() != null && (r.network().classID() != null
                || r.network().priorities() != null && !r.network().priorities().isEmpty())) {
            // no net_cls/net_prio on v2 (runc 1.1 drops them silently): match packets by cgroup path instead
            warnings.add("/linux/resources/network: net_cls and net_prio do not exist with cgroup v2, ignored");
        }
        if (r.rdma() != null && !r.rdma().isEmpty()) {
            if (!exists(d, "rdma.max")) {
                throw new CgroupException("/linux/resources/rdma: the rdma cgroup controller is not enabled here");
            }
            CgroupV1Manager.rdma(d, r.rdma());
        }
        if (r.unified() != null) {
            for (Map.Entry<String, String> e : r.unified().entrySet()) {
                String k = e.getKey();
                String ptr = "/linux/resources/unified/" + k.replace("~", "~0").replace("/", "~1");
                if (k.isEmpty() || k.contains("/") || k.startsWith(".") || !k.contains(".")) {
                    throw new CgroupException(ptr + ": not a cgroup file name");
                }
                set(d, k, e.getValue(), ptr);
            }
        }
        return warnings;
    }

    private static void memory(Path d, Memory m, List<String> warnings) throws CgroupException {
        String p = "/linux/resources/memory/";
        long limit = m.limit() == null ? 0 : m.limit();
        long swap = swapToV2(m.swap() == null ? 0 : m.swap(), limit, p + "swap");
        // swap first: memory.max may then shrink below what swap allows
        if (swap != 0) set(d, "memory.swap.max", max(swap), p + "swap");
        if (limit != 0) set(d, "memory.max", max(limit), p + "limit");
        if (m.reservation() != null && m.reservation() != 0) set(d, "memory.low", max(m.reservation()), p + "reservation");
        if (m.kernel() != null) warnings.add(p + "kernel: kernel memory limits are deprecated and ignored");
        if (m.kernelTCP() != null) warnings.add(p + "kernelTCP: not supported with cgroup v2, ignored");
        if (m.swappiness() != null && m.swappiness() != -1) {
            warnings.add(p + "swappiness: not supported with cgroup v2, ignored");
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            warnings.add(p + "disableOOMKiller: not supported with cgroup v2, ignored");
        }
    }

    private static void cpu(Path d, Cpu c) throws CgroupException {
        String p = "/linux/resources/cpu/";
        if (c.realtimeRuntime() != null && c.realtimeRuntime() != 0 || c.realtimePeriod() != null && c.realtimePeriod() != 0) {
            throw new CgroupException(p + (c.realtimeRuntime() != null ? "realtimeRuntime" : "realtimePeriod")
                    + ": real-time scheduling limits are not supported with cgroup v2");
        }
        if (c.shares() != null && c.shares() != 0) {
            long s = c.shares();
            if (s < 2 || s > 262144) {
                throw new CgroupException(p + "shares: " + Long.toUnsignedString(s) + " is not between 2 and 262144");
            }
            set(d, "cpu.weight", Long.toString(sharesToWeight(s)), p + "shares");
        }
        long quota = c.quota() == null ? 0 : c.quota();
        long period = c.period() == null ? 0 : c.period();
        if (quota != 0 || period != 0) {
            String v = quota > 0 ? Long.toString(quota) : "max";
            if (period != 0) v += " " + Long.toUnsignedString(period);
            set(d, "cpu.max", v, p + (quota != 0 ? "quota" : "period"));
        }
        if (c.burst() != null) set(d, "cpu.max.burst", Long.toUnsignedString(c.burst()), p + "burst");
        if (c.idle() != null && c.idle() != 0) set(d, "cpu.idle", Long.toString(c.idle()), p + "idle");
    }

    private static void io(Path d, BlockIO b, List<String> warnings) throws CgroupException {
        String p = "/linux/resources/blockIO/";
        if (b.weight() != null && b.weight() != 0) {
            if (exists(d, "io.bfq.weight")) set(d, "io.bfq.weight", Integer.toString(b.weight()), p + "weight");
            else set(d, "io.weight", Long.toString(blkioToIoWeight(b.weight())), p + "weight");
        }
        if (b.leafWeight() != null && b.leafWeight() != 0) warnings.add(p + "leafWeight: not supported with cgroup v2, ignored");
        if (b.weightDevice() != null) {
            for (int i = 0; i < b.weightDevice().size(); i++) {
                WeightDevice w = b.weightDevice().get(i);
                if (w.weight() == null) continue;
                if (exists(d, "io.bfq.weight")) {
                    set(d, "io.bfq.weight", w.major() + ":" + w.minor() + " " + w.weight(), p + "weightDevice/" + i + "/weight");
                } else {
                    set(d, "io.weight", w.major() + ":" + w.minor() + " " + blkioToIoWeight(w.weight()),
                            p + "weightDevice/" + i + "/weight");
                }
            }
        }
        ioMax(d, b.throttleReadBpsDevice(), "rbps", p + "throttleReadBpsDevice");
        ioMax(d, b.throttleWriteBpsDevice(), "wbps", p + "throttleWriteBpsDevice");
        ioMax(d, b.throttleReadIOPSDevice(), "riops", p + "throttleReadIOPSDevice");
        ioMax(d, b.throttleWriteIOPSDevice(), "wiops", p + "throttleWriteIOPSDevice");
    }

    private static void ioMax(Path d, List<ThrottleDevice> l, String key, String pointer) throws CgroupException {
        if (l == null) return;
        for (int i = 0; i < l.size(); i++) {
            ThrottleDevice t = l.get(i);
            String rate = t.rate() == 0 ? "max" : Long.toUnsignedString(t.rate());
            set(d, "io.max", t.major() + ":" + t.minor() + " " + key + "=" + rate, pointer + "/" + i);
        }
    }

    // ------------------------------------------------------------ devices

    /** cgroup v2 has no devices files: an eBPF program attached to the cgroup decides. */
    @Override
    public List<String> applyDevices(List<DeviceRules.Rule> rules) throws CgroupException {
        return applyDevices(rules, DeviceProgramAttacher.BPF);
    }

    List<String> applyDevices(List<DeviceRules.Rule> rules, DeviceProgramAttacher attacher) throws CgroupException {
        byte[] program = DeviceFilter.program(DeviceState.of(rules));
        attacher.attach(dir(), program, "/linux/resources/devices");
        return new ArrayList<>();
    }

    // ------------------------------------------------------------ freezer

    @Override
    public void freeze() throws CgroupException {
        set(dir(), "cgroup.freeze", "1", "pause");
        if (!await(dir().resolve("cgroup.events"), "frozen 1")) {
            set(dir(), "cgroup.freeze", "0", "pause");
            throw new CgroupException("pause: the container's processes did not freeze");
        }
    }

    @Override
    public void thaw() throws CgroupException {
        set(dir(), "cgroup.freeze", "0", "resume");
    }

    @Override
    public boolean frozen() {
        return "1".equals(CgroupFiles.readPlain(dir().resolve("cgroup.freeze")));
    }

    // ------------------------------------------------------------ events

    @Override
    public OomWatch watchOom() throws CgroupException {
        return OomWatch.v2(dir());
    }

    // ------------------------------------------------------------ stats

    @Override
    public String statsJson() {
        Path d = dir();
        StatsJson j = new StatsJson().open(null);
        Map<String, Long> cs = StatsJson.keyValues(d.resolve("cpu.stat"));
        j.open("cpu").open("usage").numOpt("total", cs.getOrDefault("usage_usec", 0L) * 1000)
                .num("kernel", cs.getOrDefault("system_usec", 0L) * 1000)
                .num("user", cs.getOrDefault("user_usec", 0L) * 1000).close()
                .open("throttling").numOpt("periods", cs.getOrDefault("nr_periods", 0L))
                .numOpt("throttled_periods", cs.getOrDefault("nr_throttled", 0L))
                .numOpt("throttled_time", cs.getOrDefault("throttled_usec", 0L) * 1000).close().close();
        Map<String, Long> raw = StatsJson.keyValues(d.resolve("memory.stat"));
        long usage = CgroupFiles.readLong(d.resolve("memory.current"), 0);
        long limit = CgroupFiles.readLong(d.resolve("memory.max"), -1);
        long swapUsage = CgroupFiles.readLong(d.resolve("memory.swap.current"), 0);
        long swapLimit = CgroupFiles.readLong(d.resolve("memory.swap.max"), -1);
        Map<String, Long> events = StatsJson.keyValues(d.resolve("memory.events"));
        j.open("memory").numOpt("cache", raw.getOrDefault("file", 0L))
                .open("usage").num("limit", limit).numOpt("usage", usage)
                .numOpt("max", CgroupFiles.readLong(d.resolve("memory.peak"), 0))
                .num("failcnt", events.getOrDefault("max", 0L)).close()
                .open("swap").num("limit", limit == -1 || swapLimit == -1 ? -1 : limit + swapLimit)
                .numOpt("usage", usage + swapUsage).num("failcnt", 0).close()
                .open("kernel").num("limit", 0).num("failcnt", 0).close()
                .open("kernelTCP").num("limit", 0).num("failcnt", 0).close()
                .map("raw", raw).close();
        j.open("pids").numOpt("current", CgroupFiles.readLong(d.resolve("pids.current"), 0))
                .numOpt("limit", CgroupFiles.readLong(d.resolve("pids.max"), 0)).close();
        j.open("blkio");
        ioStat(j, d.resolve("io.stat"));
        j.close().open("hugetlb").close().open("intel_rdt").close().raw("network_interfaces", "null");
        return j.close().toString();
    }

    private static void ioStat(StatsJson j, Path file) {
        String s = CgroupFiles.readQuietly(file);
        if (s == null) return;
        List<long[]> bytes = new ArrayList<>(), ios = new ArrayList<>();
        List<String> bOps = new ArrayList<>(), iOps = new ArrayList<>();
        for (String l : s.split("\n")) {
            String[] p = l.trim().split("\\s+");
            String[] mm = p[0].split(":");
            if (mm.length != 2) continue;
            long maj = Long.parseLong(mm[0]), min = Long.parseLong(mm[1]);
            for (int i = 1; i < p.length; i++) {
                String[] kv = p[i].split("=");
                if (kv.length != 2) continue;
                long v = Long.parseUnsignedLong(kv[1]);
                switch (kv[0]) {
                    case "rbytes" -> { bytes.add(new long[] {maj, min, v}); bOps.add("Read"); }
                    case "wbytes" -> { bytes.add(new long[] {maj, min, v}); bOps.add("Write"); }
                    case "rios" -> { ios.add(new long[] {maj, min, v}); iOps.add("Read"); }
                    case "wios" -> { ios.add(new long[] {maj, min, v}); iOps.add("Write"); }
                    default -> { }
                }
            }
        }
        j.entries("ioServiceBytesRecursive", bytes, bOps).entries("ioServicedRecursive", ios, iOps);
    }
}
