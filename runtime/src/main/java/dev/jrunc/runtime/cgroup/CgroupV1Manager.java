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

/**
 * cgroup v1, one directory per mounted hierarchy; on a hybrid host also one in the
 * controller-less cgroup2 mount, which only holds the process (as runc does).
 */
public final class CgroupV1Manager extends CgroupSupport implements CgroupManager {

    CgroupV1Manager(CgroupMode mode, List<Node> nodes) {
        super(mode, nodes);
    }

    /** The container's directory in the hierarchy holding {@code controller}; null when not mounted. */
    Path dir(String controller) {
        for (Node n : nodes) if (!n.hierarchy.v2() && n.hierarchy.controllers().contains(controller)) return n.dir;
        return null;
    }

    private Path require(String controller, String pointer) throws CgroupException {
        Path d = dir(controller);
        if (d == null) throw new CgroupException(pointer + ": the " + controller + " cgroup controller is not mounted");
        return d;
    }

    @Override
    void afterMkdir(Node n, Path made) throws CgroupException {
        if (!n.hierarchy.controllers().contains("cpuset")) return;
        // a new cpuset cgroup starts with no cpus and no mems: no process could join it
        for (String f : new String[] {"cpuset.cpus", "cpuset.mems"}) {
            Path mine = made.resolve(f);
            String cur = CgroupFiles.read(mine);
            if (cur == null || !cur.isEmpty()) continue;
            String parent = CgroupFiles.read(made.getParent().resolve(f));
            if (parent == null || parent.isEmpty()) continue;
            try {
                CgroupFiles.write(mine, parent);
            } catch (LinuxException e) {
                throw new CgroupException("creating cgroup " + made + ": copying " + f + ": " + e.errnoName());
            }
        }
    }

    @Override
    Path procsDir() {
        for (String c : new String[] {"pids", "freezer", "memory", "cpu"}) {
            Path d = dir(c);
            if (d != null) return d;
        }
        for (Node n : nodes) if (!n.hierarchy.v2()) return n.dir;
        return nodes.isEmpty() ? null : nodes.getFirst().dir;
    }

    @Override
    public List<String> apply(Resources r) throws CgroupException {
        List<String> warnings = new ArrayList<>();
        if (r == null) return warnings;
        Cpu cpu = r.cpu();
        if (cpu != null && (cpu.cpus() != null && !cpu.cpus().isEmpty() || cpu.mems() != null && !cpu.mems().isEmpty())) {
            Path d = require("cpuset", "/linux/resources/cpu");
            if (cpu.cpus() != null && !cpu.cpus().isEmpty()) set(d, "cpuset.cpus", cpu.cpus(), "/linux/resources/cpu/cpus");
            if (cpu.mems() != null && !cpu.mems().isEmpty()) set(d, "cpuset.mems", cpu.mems(), "/linux/resources/cpu/mems");
        }
        if (r.memory() != null) memory(r.memory(), warnings);
        if (cpu != null) cpu(cpu);
        if (r.pids() != null && r.pids().limit() != null && r.pids().limit() != 0) {
            long l = r.pids().limit();
            set(require("pids", "/linux/resources/pids"), "pids.max", l > 0 ? Long.toString(l) : "max",
                    "/linux/resources/pids/limit");
        }
        if (r.blockIO() != null) blkio(r.blockIO(), warnings);
        if (r.hugepageLimits() != null && !r.hugepageLimits().isEmpty()) {
            Path d = require("hugetlb", "/linux/resources/hugepageLimits");
            for (int i = 0; i < r.hugepageLimits().size(); i++) {
                HugepageLimit h = r.hugepageLimits().get(i);
                set(d, "hugetlb." + h.pageSize() + ".limit_in_bytes", num(h.limit()),
                        "/linux/resources/hugepageLimits/" + i + "/limit");
            }
        }
        if (r.network() != null) network(r.network());
        if (r.rdma() != null && !r.rdma().isEmpty()) {
            Path d = require("rdma", "/linux/resources/rdma");
            rdma(d, r.rdma());
        }
        if (r.unified() != null && !r.unified().isEmpty()) {
            throw new CgroupException("/linux/resources/unified: cgroup v2 settings on a cgroup v1 host");
        }
        return warnings;
    }

    /**
     * net_cls.classid and net_prio.ifpriomap. As runc 1.1, a value for a controller that is
     * not mounted is an error (runc: "cannot set net_cls limit: container could not join or
     * create cgroup").
     */
    private void network(dev.jrunc.spec.config.Network n) throws CgroupException {
        String p = "/linux/resources/network/";
        if (n.classID() != null && n.classID() != 0) {
            long id = n.classID();
            if (id < 0 || id > 0xFFFF_FFFFL) {
                throw new CgroupException(p + "classID: " + Long.toUnsignedString(id) + " is not a 32-bit class id");
            }
            set(require("net_cls", p + "classID"), "net_cls.classid", Long.toString(id), p + "classID");
        }
        if (n.priorities() != null && !n.priorities().isEmpty()) {
            Path d = require("net_prio", p + "priorities");
            for (int i = 0; i < n.priorities().size(); i++) {
                dev.jrunc.spec.config.InterfacePriority ip = n.priorities().get(i);
                set(d, "net_prio.ifpriomap", ifPrio(ip, p + "priorities/" + i), p + "priorities/" + i);
            }
        }
    }

    /** One net_prio.ifpriomap line, "IFACE PRIO". */
    static String ifPrio(dev.jrunc.spec.config.InterfacePriority ip, String pointer) throws CgroupException {
        String name = ip.name();
        if (name == null || name.isEmpty() || name.length() > 15 || name.contains("/") || name.contains(" ")
                || name.contains("\n")) {
            throw new CgroupException(pointer + "/name: \"" + name + "\" is not a network interface name");
        }
        if (ip.priority() < 0 || ip.priority() > 0xFFFF_FFFFL) {
            throw new CgroupException(pointer + "/priority: " + ip.priority() + " is not between 0 and 4294967295");
        }
        return name + " " + ip.priority();
    }

    /** rdma.max, one "DEVICE hca_handle=N hca_object=M" line per device (v1 and v2 alike). */
    static void rdma(Path d, Map<String, dev.jrunc.spec.config.Rdma> devices) throws CgroupException {
        for (Map.Entry<String, dev.jrunc.spec.config.Rdma> e : devices.entrySet()) {
            String dev = e.getKey();
            String ptr = "/linux/resources/rdma/" + dev.replace("~", "~0").replace("/", "~1");
            if (dev.isEmpty() || dev.contains(" ") || dev.contains("\n") || dev.contains("/")) {
                throw new CgroupException(ptr + ": not an RDMA device name");
            }
            dev.jrunc.spec.config.Rdma r = e.getValue();
            StringBuilder v = new StringBuilder(dev);
            if (r != null && r.hcaHandles() != null) v.append(" hca_handle=").append(u32(r.hcaHandles(), ptr + "/hcaHandles"));
            if (r != null && r.hcaObjects() != null) v.append(" hca_object=").append(u32(r.hcaObjects(), ptr + "/hcaObjects"));
            if (v.length() == dev.length()) continue; // no limit given: nothing to write
            set(d, "rdma.max", v.toString(), ptr);
        }
    }

    private static long u32(long v, String pointer) throws CgroupException {
        if (v < 0 || v > 0xFFFF_FFFFL) throw new CgroupException(pointer + ": " + v + " is not between 0 and 4294967295");
        return v;
    }

    private void memory(Memory m, List<String> warnings) throws CgroupException {
        String p = "/linux/resources/memory/";
        boolean any = m.limit() != null || m.reservation() != null || m.swap() != null || m.kernelTCP() != null
                || m.swappiness() != null || Boolean.TRUE.equals(m.disableOOMKiller());
        if (m.kernel() != null) warnings.add(p + "kernel: kernel memory limits are deprecated and ignored");
        if (!any) return;
        Path d = require("memory", "/linux/resources/memory");
        long limit = m.limit() == null ? 0 : m.limit();
        long swap = m.swap() == null ? 0 : m.swap();
        if (limit != 0 && swap != 0) {
            // the kernel keeps memory <= memory+swap at every moment: grow memsw first, shrink it last
            long cur = CgroupFiles.readLong(d.resolve("memory.memsw.limit_in_bytes"), -1);
            if (swap == -1 || Long.compareUnsigned(cur, swap) < 0) {
                set(d, "memory.memsw.limit_in_bytes", num(swap), p + "swap");
                set(d, "memory.limit_in_bytes", num(limit), p + "limit");
            } else {
                set(d, "memory.limit_in_bytes", num(limit), p + "limit");
                set(d, "memory.memsw.limit_in_bytes", num(swap), p + "swap");
            }
        } else {
            if (limit != 0) set(d, "memory.limit_in_bytes", num(limit), p + "limit");
            if (swap != 0) set(d, "memory.memsw.limit_in_bytes", num(swap), p + "swap");
        }
        if (m.reservation() != null && m.reservation() != 0) {
            set(d, "memory.soft_limit_in_bytes", num(m.reservation()), p + "reservation");
        }
        if (m.kernelTCP() != null && m.kernelTCP() != 0) {
            if (exists(d, "memory.kmem.tcp.limit_in_bytes")) {
                set(d, "memory.kmem.tcp.limit_in_bytes", num(m.kernelTCP()), p + "kernelTCP");
            } else {
                warnings.add(p + "kernelTCP: not supported by this kernel, ignored");
            }
        }
        if (m.swappiness() != null && m.swappiness() != -1) {
            long s = m.swappiness();
            if (s < 0 || s > 100) {
                throw new CgroupException(p + "swappiness: " + Long.toUnsignedString(s) + " is not between 0 and 100");
            }
            set(d, "memory.swappiness", Long.toString(s), p + "swappiness");
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) set(d, "memory.oom_control", "1", p + "disableOOMKiller");
    }

    private void cpu(Cpu c) throws CgroupException {
        String p = "/linux/resources/cpu/";
        boolean any = c.shares() != null && c.shares() != 0 || c.quota() != null && c.quota() != 0
                || c.period() != null && c.period() != 0 || c.burst() != null || c.realtimePeriod() != null
                || c.realtimeRuntime() != null || c.idle() != null && c.idle() != 0;
        if (!any) return;
        Path d = require("cpu", "/linux/resources/cpu");
        // the real-time period first: a runtime is checked against it
        if (c.realtimePeriod() != null && c.realtimePeriod() != 0) {
            set(d, "cpu.rt_period_us", Long.toUnsignedString(c.realtimePeriod()), p + "realtimePeriod");
        }
        if (c.realtimeRuntime() != null && c.realtimeRuntime() != 0) {
            set(d, "cpu.rt_runtime_us", Long.toString(c.realtimeRuntime()), p + "realtimeRuntime");
        }
        if (c.shares() != null && c.shares() != 0) {
            set(d, "cpu.shares", Long.toUnsignedString(c.shares()), p + "shares");
            long got = CgroupFiles.readLong(d.resolve("cpu.shares"), 0);
            if (got != c.shares()) {
                throw new CgroupException(p + "shares: the kernel set cpu.shares to " + got + " instead of "
                        + Long.toUnsignedString(c.shares()) + " (out of range)");
            }
        }
        if (c.period() != null && c.period() != 0) {
            set(d, "cpu.cfs_period_us", Long.toUnsignedString(c.period()), p + "period");
        }
        if (c.quota() != null && c.quota() != 0) set(d, "cpu.cfs_quota_us", Long.toString(c.quota()), p + "quota");
        if (c.burst() != null) set(d, "cpu.cfs_burst_us", Long.toUnsignedString(c.burst()), p + "burst");
        if (c.idle() != null && c.idle() != 0) set(d, "cpu.idle", Long.toString(c.idle()), p + "idle");
    }

    private void blkio(BlockIO b, List<String> warnings) throws CgroupException {
        String p = "/linux/resources/blockIO/";
        Path d = dir("blkio");
        if (d == null) {
            warnings.add("/linux/resources/blockIO: the blkio cgroup controller is not mounted, ignored");
            return;
        }
        if (b.weight() != null && b.weight() != 0) {
            String f = exists(d, "blkio.weight") ? "blkio.weight" : "blkio.bfq.weight";
            optional(d, f, Integer.toString(b.weight()), p + "weight", warnings);
        }
        if (b.leafWeight() != null && b.leafWeight() != 0) {
            optional(d, "blkio.leaf_weight", Integer.toString(b.leafWeight()), p + "leafWeight", warnings);
        }
        if (b.weightDevice() != null) {
            for (int i = 0; i < b.weightDevice().size(); i++) {
                WeightDevice w = b.weightDevice().get(i);
                if (w.weight() != null) {
                    String f = exists(d, "blkio.weight_device") ? "blkio.weight_device" : "blkio.bfq.weight_device";
                    optional(d, f, w.major() + ":" + w.minor() + " " + w.weight(),
                            p + "weightDevice/" + i + "/weight", warnings);
                }
                if (w.leafWeight() != null) {
                    optional(d, "blkio.leaf_weight_device", w.major() + ":" + w.minor() + " " + w.leafWeight(),
                            p + "weightDevice/" + i + "/leafWeight", warnings);
                }
            }
        }
        throttle(d, "blkio.throttle.read_bps_device", b.throttleReadBpsDevice(), p + "throttleReadBpsDevice", warnings);
        throttle(d, "blkio.throttle.write_bps_device", b.throttleWriteBpsDevice(), p + "throttleWriteBpsDevice", warnings);
        throttle(d, "blkio.throttle.read_iops_device", b.throttleReadIOPSDevice(), p + "throttleReadIOPSDevice", warnings);
        throttle(d, "blkio.throttle.write_iops_device", b.throttleWriteIOPSDevice(), p + "throttleWriteIOPSDevice",
                warnings);
    }

    private static void throttle(Path d, String file, List<ThrottleDevice> l, String pointer, List<String> warnings)
            throws CgroupException {
        if (l == null) return;
        for (int i = 0; i < l.size(); i++) {
            ThrottleDevice t = l.get(i);
            optional(d, file, t.major() + ":" + t.minor() + " " + Long.toUnsignedString(t.rate()), pointer + "/" + i,
                    warnings);
        }
    }

    /** Written where the kernel has the file (blkio files depend on the I/O scheduler). */
    private static void optional(Path d, String file, String value, String pointer, List<String> warnings)
            throws CgroupException {
        if (!exists(d, file)) {
            warnings.add(pointer + ": " + file + " does not exist on this host, ignored");
            return;
        }
        set(d, file, value, pointer);
    }

    // ------------------------------------------------------------ devices

    /**
     * Takes the devices cgroup from what it holds now (inherited from its parent, or a
     * pre-existing cgroup's rules) to the rules' state with the fewest writes, in order.
     * The kernel refuses (EPERM) access the parent cgroup does not have.
     */
    @Override
    public List<String> applyDevices(List<DeviceRules.Rule> rules) throws CgroupException {
        List<String> warnings = new ArrayList<>();
        Path d = dir("devices");
        DeviceState target = DeviceState.of(rules);
        if (d == null) {
            warnings.add("/linux/resources/devices: the devices cgroup controller is not mounted, rules ignored");
            return warnings;
        }
        DeviceState current;
        try {
            current = DeviceState.parseList(CgroupFiles.read(d.resolve("devices.list")));
        } catch (LinuxException e) {
            throw new CgroupException("/linux/resources/devices: reading devices.list: " + e.errnoName());
        }
        for (DeviceRules.Rule w : target.transitionFrom(current)) {
            String file = w.allow() ? "devices.allow" : "devices.deny";
            String value = w.type() == 'a' ? "a" : w.cgroupString();
            try {
                CgroupFiles.write(d.resolve(file), value);
            } catch (LinuxException e) {
                String why = e.errno() == dev.jrunc.linux.Errno.EPERM && w.allow()
                        ? " (the parent cgroup does not allow this access)" : "";
                throw new CgroupException(w.source() + ": writing \"" + value + "\" to " + file + ": "
                        + e.errnoName() + why);
            }
        }
        return warnings;
    }

    // ------------------------------------------------------------ freezer

    @Override
    public void freeze() throws CgroupException {
        Path d = require("freezer", "pause");
        set(d, "freezer.state", "FROZEN", "pause");
        if (!await(d.resolve("freezer.state"), "FROZEN")) {
            set(d, "freezer.state", "THAWED", "pause");
            throw new CgroupException("pause: the container's processes did not freeze");
        }
    }

    @Override
    public void thaw() throws CgroupException {
        Path d = require("freezer", "resume");
        set(d, "freezer.state", "THAWED", "resume");
        if (!await(d.resolve("freezer.state"), "THAWED")) throw new CgroupException("resume: the container did not thaw");
    }

    @Override
    public boolean frozen() {
        Path d = dir("freezer");
        if (d == null) return false;
        return "FROZEN".equals(CgroupFiles.readPlain(d.resolve("freezer.state")));
    }

    // ------------------------------------------------------------ events

    @Override
    public OomWatch watchOom() throws CgroupException {
        Path mem = dir("memory");
        return mem == null ? OomWatch.none(procsDir()) : OomWatch.v1(mem);
    }

    // ------------------------------------------------------------ stats

    @Override
    public String statsJson() {
        StatsJson j = new StatsJson().open(null);
        Path cpu = dir("cpuacct");
        j.open("cpu").open("usage");
        if (cpu != null) {
            j.numOpt("total", CgroupFiles.readLong(cpu.resolve("cpuacct.usage"), 0));
            j.list("percpu", longs(cpu.resolve("cpuacct.usage_percpu")));
            List<Long> sys = new ArrayList<>(), user = new ArrayList<>();
            usageAll(cpu.resolve("cpuacct.usage_all"), user, sys);
            j.list("percpu_kernel", sys).list("percpu_user", user);
            Map<String, Long> st = StatsJson.keyValues(cpu.resolve("cpuacct.stat"));
            long tick = 1_000_000_000L / 100; // USER_HZ
            j.num("kernel", st.getOrDefault("system", 0L) * tick).num("user", st.getOrDefault("user", 0L) * tick);
        } else {
            j.num("kernel", 0).num("user", 0);
        }
        j.close().open("throttling");
        Path cfs = dir("cpu");
        if (cfs != null) {
            Map<String, Long> st = StatsJson.keyValues(cfs.resolve("cpu.stat"));
            j.numOpt("periods", st.getOrDefault("nr_periods", 0L))
                    .numOpt("throttled_periods", st.getOrDefault("nr_throttled", 0L))
                    .numOpt("throttled_time", st.getOrDefault("throttled_time", 0L));
        }
        j.close().close();
        Path mem = dir("memory");
        j.open("memory");
        if (mem != null) {
            Map<String, Long> raw = StatsJson.keyValues(mem.resolve("memory.stat"));
            j.numOpt("cache", raw.getOrDefault("cache", 0L));
            entry(j, "usage", mem, "memory.");
            entry(j, "swap", mem, "memory.memsw.");
            entry(j, "kernel", mem, "memory.kmem.");
            j.open("kernelTCP").num("limit", CgroupFiles.readLong(mem.resolve("memory.kmem.tcp.limit_in_bytes"), 0))
                    .numOpt("usage", CgroupFiles.readLong(mem.resolve("memory.kmem.tcp.usage_in_bytes"), 0))
                    .numOpt("max", CgroupFiles.readLong(mem.resolve("memory.kmem.tcp.max_usage_in_bytes"), 0))
                    .num("failcnt", CgroupFiles.readLong(mem.resolve("memory.kmem.tcp.failcnt"), 0)).close();
            j.map("raw", raw);
        }
        j.close();
        Path pids = dir("pids");
        j.open("pids");
        if (pids != null) {
            j.numOpt("current", CgroupFiles.readLong(pids.resolve("pids.current"), 0))
                    .numOpt("limit", CgroupFiles.readLong(pids.resolve("pids.max"), 0));
        }
        j.close();
        j.open("blkio");
        Path blk = dir("blkio");
        if (blk != null) {
            blkioEntries(j, "ioServiceBytesRecursive", blk.resolve("blkio.throttle.io_service_bytes_recursive"));
            blkioEntries(j, "ioServicedRecursive", blk.resolve("blkio.throttle.io_serviced_recursive"));
        }
        j.close();
        j.open("hugetlb");
        Path huge = dir("hugetlb");
        if (huge != null) {
            for (String size : hugePageSizes(huge)) {
                String f = "hugetlb." + size + ".";
                j.open(size).numOpt("usage", CgroupFiles.readLong(huge.resolve(f + "usage_in_bytes"), 0))
                        .numOpt("max", CgroupFiles.readLong(huge.resolve(f + "max_usage_in_bytes"), 0))
                        .num("failcnt", CgroupFiles.readLong(huge.resolve(f + "failcnt"), 0)).close();
            }
        }
        j.close();
        j.open("intel_rdt").close().raw("network_interfaces", "null");
        return j.close().toString();
    }

    private static void entry(StatsJson j, String key, Path mem, String prefix) {
        j.open(key).num("limit", CgroupFiles.readLong(mem.resolve(prefix + "limit_in_bytes"), 0))
                .numOpt("usage", CgroupFiles.readLong(mem.resolve(prefix + "usage_in_bytes"), 0))
                .numOpt("max", CgroupFiles.readLong(mem.resolve(prefix + "max_usage_in_bytes"), 0))
                .num("failcnt", CgroupFiles.readLong(mem.resolve(prefix + "failcnt"), 0)).close();
    }

    static List<Long> longs(Path file) {
        List<Long> out = new ArrayList<>();
        String s = CgroupFiles.readQuietly(file);
        if (s == null) return out;
        for (String t : s.trim().split("\\s+")) {
            if (!t.isEmpty()) out.add(Long.parseUnsignedLong(t));
        }
        return out;
    }

    private static void usageAll(Path file, List<Long> user, List<Long> sys) {
        String s = CgroupFiles.readQuietly(file);
        if (s == null) return;
        String[] lines = s.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] p = lines[i].trim().split("\\s+");
            if (p.length < 3) continue;
            user.add(Long.parseUnsignedLong(p[1]));
            sys.add(Long.parseUnsignedLong(p[2]));
        }
    }

    private static void blkioEntries(StatsJson j, String key, Path file) {
        String s = CgroupFiles.readQuietly(file);
        if (s == null) return;
        List<long[]> vals = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        for (String l : s.split("\n")) {
            String[] p = l.trim().split("\\s+");
            if (p.length != 3) continue;
            String[] mm = p[0].split(":");
            if (mm.length != 2) continue;
            vals.add(new long[] {Long.parseLong(mm[0]), Long.parseLong(mm[1]), Long.parseUnsignedLong(p[2])});
            ops.add(p[1]);
        }
        j.entries(key, vals, ops);
    }

    private static List<String> hugePageSizes(Path dir) {
        List<String> out = new ArrayList<>();
        try (var ds = java.nio.file.Files.newDirectoryStream(dir, "hugetlb.*.limit_in_bytes")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                out.add(n.substring("hugetlb.".length(), n.length() - ".limit_in_bytes".length()));
            }
        } catch (java.io.IOException ignored) {
            // none
        }
        out.sort(null);
        return out;
    }
}
