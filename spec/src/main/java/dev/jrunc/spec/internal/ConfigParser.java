package dev.jrunc.spec.internal;

import static dev.jrunc.spec.internal.JsonIn.escape;
import static dev.jrunc.spec.internal.JsonIn.required;

import dev.jrunc.spec.config.BlockIO;
import dev.jrunc.spec.config.Capabilities;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.ConsoleSize;
import dev.jrunc.spec.config.Cpu;
import dev.jrunc.spec.config.Device;
import dev.jrunc.spec.config.DeviceRule;
import dev.jrunc.spec.config.ExecCPUAffinity;
import dev.jrunc.spec.config.Hook;
import dev.jrunc.spec.config.Hooks;
import dev.jrunc.spec.config.HugepageLimit;
import dev.jrunc.spec.config.IdMapping;
import dev.jrunc.spec.config.IntelRdt;
import dev.jrunc.spec.config.InterfacePriority;
import dev.jrunc.spec.config.IoPriority;
import dev.jrunc.spec.config.Linux;
import dev.jrunc.spec.config.Memory;
import dev.jrunc.spec.config.MemoryPolicy;
import dev.jrunc.spec.config.Mount;
import dev.jrunc.spec.config.Namespace;
import dev.jrunc.spec.config.NetDevice;
import dev.jrunc.spec.config.Network;
import dev.jrunc.spec.config.Personality;
import dev.jrunc.spec.config.Pids;
import dev.jrunc.spec.config.Process;
import dev.jrunc.spec.config.Rdma;
import dev.jrunc.spec.config.Resources;
import dev.jrunc.spec.config.Rlimit;
import dev.jrunc.spec.config.Root;
import dev.jrunc.spec.config.Scheduler;
import dev.jrunc.spec.config.Seccomp;
import dev.jrunc.spec.config.SeccompArg;
import dev.jrunc.spec.config.Syscall;
import dev.jrunc.spec.config.ThrottleDevice;
import dev.jrunc.spec.config.TimeOffset;
import dev.jrunc.spec.config.User;
import dev.jrunc.spec.config.WeightDevice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: the hand-written streaming parser for config.json (Jackson core only; no databind, no
 * lambdas, so that a cold JVM parses in a few milliseconds). Unknown members are skipped; a null
 * member counts as absent. Lists and maps are never null in the result (empty when absent).
 */
public final class ConfigParser {
    private static final int MOUNT = 1, HOOK = 2, NAMESPACE = 3, IDMAP = 4, DEVICE = 5, DEVICE_RULE = 6,
            RLIMIT = 7, WEIGHT_DEV = 8, THROTTLE_DEV = 9, HUGEPAGE = 10, IF_PRIO = 11, SYSCALL = 12,
            SECCOMP_ARG = 13, TIME_OFFSET = 14, RDMA = 15, NET_DEVICE = 16;

    private final JsonIn in;

    private ConfigParser(JsonIn in) {
        this.in = in;
    }

    public static Config parse(byte[] json) throws ShapeException {
        try (JsonIn in = new JsonIn(json)) {
            in.startDocument();
            Config c = new ConfigParser(in).config();
            in.expectEnd();
            return c;
        }
    }

    /** A document that is one {@code hooks} object (the runtime's hooks.json); pointers are relative to it. */
    public static Hooks parseHooks(byte[] json) throws ShapeException {
        try (JsonIn in = new JsonIn(json)) {
            in.startDocument();
            Hooks h = new ConfigParser(in).hooks("");
            in.expectEnd();
            return h;
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <K, V> Map<K, V> map(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    private static String at(String ptr, String f) {
        return ptr + "/" + escape(f);
    }

    private Config config() throws ShapeException {
        String ociVersion = null, hostname = null, domainname = null;
        Process process = null;
        Root root = null;
        List<Mount> mounts = null;
        Hooks hooks = null;
        Map<String, String> annotations = null;
        Linux linux = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at("", f);
            switch (f) {
                case "ociVersion": ociVersion = in.string(fp); break;
                case "process": process = process(fp); break;
                case "root": root = root(fp); break;
                case "hostname": hostname = in.string(fp); break;
                case "domainname": domainname = in.string(fp); break;
                case "mounts": mounts = objects(fp, MOUNT); break;
                case "hooks": hooks = hooks(fp); break;
                case "annotations": annotations = in.stringMap(fp); break;
                case "linux": linux = linux(fp); break;
                default: in.skip();
            }
        }
        if (ociVersion == null) throw required("", "ociVersion");
        return new Config(ociVersion, process, root, hostname, domainname, list(mounts), hooks, map(annotations), linux);
    }

    /** Reads an array of objects of one kind; the result is unmodifiable. */
    @SuppressWarnings("unchecked")
    private <T> List<T> objects(String ptr, int kind) throws ShapeException {
        in.expectArray(ptr, " of objects");
        ArrayList<Object> out = new ArrayList<>();
        int i = 0;
        while (in.next() != JsonToken.END_ARRAY) {
            String ip = ptr + "/" + i;
            if (in.isNull()) throw new ShapeException(ip, "must be an object", false);
            out.add(one(ip, kind));
            i++;
        }
        return (List<T>) Collections.unmodifiableList(out);
    }

    /** Reads an object whose members are objects of one kind. */
    @SuppressWarnings("unchecked")
    private <T> Map<String, T> objectMap(String ptr, int kind) throws ShapeException {
        in.expectObject(ptr);
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            out.put(f, one(at(ptr, f), kind));
        }
        return (Map<String, T>) Collections.unmodifiableMap(out);
    }

    private Object one(String ptr, int kind) throws ShapeException {
        switch (kind) {
            case MOUNT: return mount(ptr);
            case HOOK: return hook(ptr);
            case NAMESPACE: return namespace(ptr);
            case IDMAP: return idMapping(ptr);
            case DEVICE: return device(ptr);
            case DEVICE_RULE: return deviceRule(ptr);
            case RLIMIT: return rlimit(ptr);
            case WEIGHT_DEV: return weightDevice(ptr);
            case THROTTLE_DEV: return throttleDevice(ptr);
            case HUGEPAGE: return hugepage(ptr);
            case IF_PRIO: return ifPriority(ptr);
            case SYSCALL: return syscall(ptr);
            case SECCOMP_ARG: return seccompArg(ptr);
            case TIME_OFFSET: return timeOffset(ptr);
            case RDMA: return rdma(ptr);
            case NET_DEVICE: return netDevice(ptr);
            default: throw new IllegalStateException("kind " + kind);
        }
    }

    private Process process(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Boolean terminal = null, noNewPrivileges = null;
        ConsoleSize consoleSize = null;
        User user = null;
        List<String> args = null, env = null;
        String commandLine = null, cwd = null, apparmorProfile = null, selinuxLabel = null;
        Capabilities caps = null;
        List<Rlimit> rlimits = null;
        Integer oomScoreAdj = null;
        IoPriority ioPriority = null;
        Scheduler scheduler = null;
        ExecCPUAffinity affinity = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "terminal": terminal = in.bool(fp); break;
                case "consoleSize": consoleSize = consoleSize(fp); break;
                case "user": user = user(fp); break;
                case "args": args = in.stringList(fp); break;
                case "commandLine": commandLine = in.string(fp); break;
                case "env": env = in.stringList(fp); break;
                case "cwd": cwd = in.string(fp); break;
                case "capabilities": caps = capabilities(fp); break;
                case "rlimits": rlimits = objects(fp, RLIMIT); break;
                case "noNewPrivileges": noNewPrivileges = in.bool(fp); break;
                case "apparmorProfile": apparmorProfile = in.string(fp); break;
                case "oomScoreAdj": oomScoreAdj = in.int32(fp); break;
                case "selinuxLabel": selinuxLabel = in.string(fp); break;
                case "ioPriority": ioPriority = ioPriority(fp); break;
                case "scheduler": scheduler = scheduler(fp); break;
                case "execCPUAffinity": affinity = affinity(fp); break;
                default: in.skip();
            }
        }
        if (cwd == null) throw required(ptr, "cwd");
        return new Process(terminal, consoleSize, user, list(args), commandLine, list(env), cwd, caps, list(rlimits),
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, affinity);
    }

    private ConsoleSize consoleSize(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long h = null, w = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "height": h = in.int64(at(ptr, f)); break;
                case "width": w = in.int64(at(ptr, f)); break;
                default: in.skip();
            }
        }
        if (h == null) throw required(ptr, "height");
        if (w == null) throw required(ptr, "width");
        return new ConsoleSize(h, w);
    }

    private User user(String ptr) throws ShapeException {
        in.expectObject(ptr);
        long uid = 0, gid = 0;
        Long umask = null;
        List<Long> gids = null;
        String username = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "uid": uid = in.uint32(fp); break;
                case "gid": gid = in.uint32(fp); break;
                case "umask": umask = in.uint32(fp); break;
                case "additionalGids": gids = in.uint32List(fp); break;
                case "username": username = in.string(fp); break;
                default: in.skip();
            }
        }
        return new User(uid, gid, umask, list(gids), username);
    }

    private Capabilities capabilities(String ptr) throws ShapeException {
        in.expectObject(ptr);
        List<String> b = null, e = null, i = null, p = null, a = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "bounding": b = in.stringList(fp); break;
                case "effective": e = in.stringList(fp); break;
                case "inheritable": i = in.stringList(fp); break;
                case "permitted": p = in.stringList(fp); break;
                case "ambient": a = in.stringList(fp); break;
                default: in.skip();
            }
        }
        return new Capabilities(list(b), list(e), list(i), list(p), list(a));
    }

    private Rlimit rlimit(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String type = null;
        Long soft = null, hard = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "type": type = in.string(fp); break;
                case "soft": soft = in.int64(fp); break;
                case "hard": hard = in.int64(fp); break;
                default: in.skip();
            }
        }
        if (type == null) throw required(ptr, "type");
        if (soft == null) throw required(ptr, "soft");
        if (hard == null) throw required(ptr, "hard");
        return new Rlimit(type, soft, hard);
    }

    private IoPriority ioPriority(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String cls = null;
        int prio = 0;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "class": cls = in.enumString(fp, Enums.IOPRIO_CLASSES_SET, Enums.IOPRIO_CLASSES); break;
                case "priority": prio = in.int32(fp); break;
                default: in.skip();
            }
        }
        if (cls == null) throw required(ptr, "class");
        return new IoPriority(cls, prio);
    }

    private Scheduler scheduler(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String policy = null;
        Integer nice = null, priority = null;
        List<String> flags = null;
        Long runtime = null, deadline = null, period = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "policy": policy = in.enumString(fp, Enums.SCHED_POLICIES_SET, Enums.SCHED_POLICIES); break;
                case "nice": nice = in.int32(fp); break;
                case "priority": priority = in.int32(fp); break;
                case "flags": flags = in.enumList(fp, Enums.SCHED_FLAGS_SET, Enums.SCHED_FLAGS); break;
                case "runtime": runtime = in.int64(fp); break;
                case "deadline": deadline = in.int64(fp); break;
                case "period": period = in.int64(fp); break;
                default: in.skip();
            }
        }
        if (policy == null) throw required(ptr, "policy");
        return new Scheduler(policy, nice, priority, list(flags), runtime, deadline, period);
    }

    private ExecCPUAffinity affinity(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String initial = null, fin = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "initial": initial = in.string(at(ptr, f)); break;
                case "final": fin = in.string(at(ptr, f)); break;
                default: in.skip();
            }
        }
        return new ExecCPUAffinity(initial, fin);
    }

    private Root root(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String path = null;
        boolean ro = false;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "path": path = in.string(at(ptr, f)); break;
                case "readonly": ro = in.bool(at(ptr, f)); break;
                default: in.skip();
            }
        }
        if (path == null) throw required(ptr, "path");
        return new Root(path, ro);
    }

    private Mount mount(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String dest = null, type = null, source = null;
        List<String> options = null;
        List<IdMapping> uids = null, gids = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "destination": dest = in.string(fp); break;
                case "type": type = in.string(fp); break;
                case "source": source = in.string(fp); break;
                case "options": options = in.stringList(fp); break;
                case "uidMappings": uids = objects(fp, IDMAP); break;
                case "gidMappings": gids = objects(fp, IDMAP); break;
                default: in.skip();
            }
        }
        if (dest == null) throw required(ptr, "destination");
        return new Mount(dest, type, source, list(options), list(uids), list(gids));
    }

    private Hooks hooks(String ptr) throws ShapeException {
        in.expectObject(ptr);
        List<Hook> a = null, b = null, c = null, d = null, e = null, g = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "prestart": a = objects(fp, HOOK); break;
                case "createRuntime": b = objects(fp, HOOK); break;
                case "createContainer": c = objects(fp, HOOK); break;
                case "startContainer": d = objects(fp, HOOK); break;
                case "poststart": e = objects(fp, HOOK); break;
                case "poststop": g = objects(fp, HOOK); break;
                default: in.skip();
            }
        }
        return new Hooks(list(a), list(b), list(c), list(d), list(e), list(g));
    }

    private Hook hook(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String path = null;
        List<String> args = null, env = null;
        Integer timeout = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "path": path = in.string(fp); break;
                case "args": args = in.stringList(fp); break;
                case "env": env = in.stringList(fp); break;
                case "timeout": timeout = in.int32(fp); break;
                default: in.skip();
            }
        }
        if (path == null) throw required(ptr, "path");
        return new Hook(path, list(args), list(env), timeout);
    }

    private Linux linux(String ptr) throws ShapeException {
        in.expectObject(ptr);
        List<Namespace> namespaces = null;
        List<IdMapping> uids = null, gids = null;
        Map<String, TimeOffset> timeOffsets = null;
        List<Device> devices = null;
        String cgroupsPath = null, propagation = null, mountLabel = null;
        Resources resources = null;
        Seccomp seccomp = null;
        Map<String, String> sysctl = null;
        List<String> masked = null, readonly = null;
        IntelRdt intelRdt = null;
        Personality personality = null;
        MemoryPolicy memoryPolicy = null;
        Map<String, NetDevice> netDevices = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "namespaces": namespaces = objects(fp, NAMESPACE); break;
                case "uidMappings": uids = objects(fp, IDMAP); break;
                case "gidMappings": gids = objects(fp, IDMAP); break;
                case "timeOffsets": timeOffsets = objectMap(fp, TIME_OFFSET); break;
                case "devices": devices = objects(fp, DEVICE); break;
                case "cgroupsPath": cgroupsPath = in.string(fp); break;
                case "resources": resources = resources(fp); break;
                case "rootfsPropagation":
                    propagation = in.enumString(fp, Enums.ROOTFS_PROPAGATION_SET, Enums.ROOTFS_PROPAGATION);
                    break;
                case "seccomp": seccomp = seccomp(fp); break;
                case "sysctl": sysctl = in.stringMap(fp); break;
                case "maskedPaths": masked = in.stringList(fp); break;
                case "readonlyPaths": readonly = in.stringList(fp); break;
                case "mountLabel": mountLabel = in.string(fp); break;
                case "intelRdt": intelRdt = intelRdt(fp); break;
                case "personality": personality = personality(fp); break;
                case "memoryPolicy": memoryPolicy = memoryPolicy(fp); break;
                case "netDevices": netDevices = objectMap(fp, NET_DEVICE); break;
                default: in.skip();
            }
        }
        return new Linux(list(namespaces), list(uids), list(gids), map(timeOffsets), list(devices), cgroupsPath,
                resources, propagation, seccomp, map(sysctl), list(masked), list(readonly), mountLabel, intelRdt,
                personality, memoryPolicy, map(netDevices));
    }

    private Namespace namespace(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String type = null, path = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "type": type = in.enumString(at(ptr, f), Enums.NAMESPACE_TYPES_SET, Enums.NAMESPACE_TYPES); break;
                case "path": path = in.string(at(ptr, f)); break;
                default: in.skip();
            }
        }
        if (type == null) throw required(ptr, "type");
        return new Namespace(type, path);
    }

    private IdMapping idMapping(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long c = null, h = null, s = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "containerID": c = in.uint32(fp); break;
                case "hostID": h = in.uint32(fp); break;
                case "size": s = in.uint32(fp); break;
                default: in.skip();
            }
        }
        if (c == null) throw required(ptr, "containerID");
        if (h == null) throw required(ptr, "hostID");
        if (s == null) throw required(ptr, "size");
        return new IdMapping(c, h, s);
    }

    private TimeOffset timeOffset(String ptr) throws ShapeException {
        in.expectObject(ptr);
        long secs = 0, nanos = 0;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "secs": secs = in.int64(at(ptr, f)); break;
                case "nanosecs": nanos = in.uint32(at(ptr, f)); break;
                default: in.skip();
            }
        }
        return new TimeOffset(secs, nanos);
    }

    private Device device(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String type = null, path = null;
        Long major = null, minor = null, mode = null, uid = null, gid = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "type": type = in.enumString(fp, Enums.DEVICE_TYPES_SET, Enums.DEVICE_TYPES); break;
                case "path": path = in.string(fp); break;
                case "major": major = in.int64(fp); break;
                case "minor": minor = in.int64(fp); break;
                case "fileMode": mode = in.uint32(fp); break;
                case "uid": uid = in.uint32(fp); break;
                case "gid": gid = in.uint32(fp); break;
                default: in.skip();
            }
        }
        if (type == null) throw required(ptr, "type");
        if (path == null) throw required(ptr, "path");
        return new Device(type, path, major, minor, mode, uid, gid);
    }

    private Resources resources(String ptr) throws ShapeException {
        in.expectObject(ptr);
        List<DeviceRule> devices = null;
        Memory memory = null;
        Cpu cpu = null;
        Pids pids = null;
        BlockIO blockIO = null;
        List<HugepageLimit> hugepages = null;
        Network network = null;
        Map<String, Rdma> rdma = null;
        Map<String, String> unified = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "devices": devices = objects(fp, DEVICE_RULE); break;
                case "memory": memory = memory(fp); break;
                case "cpu": cpu = cpu(fp); break;
                case "pids": pids = pids(fp); break;
                case "blockIO": blockIO = blockIO(fp); break;
                case "hugepageLimits": hugepages = objects(fp, HUGEPAGE); break;
                case "network": network = network(fp); break;
                case "rdma": rdma = objectMap(fp, RDMA); break;
                case "unified": unified = in.stringMap(fp); break;
                default: in.skip();
            }
        }
        return new Resources(list(devices), memory, cpu, pids, blockIO, list(hugepages), network, map(rdma),
                map(unified));
    }

    private DeviceRule deviceRule(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Boolean allow = null;
        String type = null, access = null;
        Long major = null, minor = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "allow": allow = in.bool(fp); break;
                case "type": type = in.string(fp); break;
                case "major": major = in.int64(fp); break;
                case "minor": minor = in.int64(fp); break;
                case "access": access = in.string(fp); break;
                default: in.skip();
            }
        }
        if (allow == null) throw required(ptr, "allow");
        return new DeviceRule(allow, type, major, minor, access);
    }

    private Memory memory(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long limit = null, reservation = null, swap = null, kernel = null, kernelTCP = null, swappiness = null;
        Boolean disableOOM = null, useHierarchy = null, checkBeforeUpdate = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "limit": limit = in.int64(fp); break;
                case "reservation": reservation = in.int64(fp); break;
                case "swap": swap = in.int64(fp); break;
                case "kernel": kernel = in.int64(fp); break;
                case "kernelTCP": kernelTCP = in.int64(fp); break;
                case "swappiness": swappiness = in.int64(fp); break;
                case "disableOOMKiller": disableOOM = in.bool(fp); break;
                case "useHierarchy": useHierarchy = in.bool(fp); break;
                case "checkBeforeUpdate": checkBeforeUpdate = in.bool(fp); break;
                default: in.skip();
            }
        }
        return new Memory(limit, reservation, swap, kernel, kernelTCP, swappiness, disableOOM, useHierarchy,
                checkBeforeUpdate);
    }

    private Cpu cpu(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long shares = null, quota = null, burst = null, period = null, rtRuntime = null, rtPeriod = null, idle = null;
        String cpus = null, mems = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "shares": shares = in.int64(fp); break;
                case "quota": quota = in.int64(fp); break;
                case "burst": burst = in.int64(fp); break;
                case "period": period = in.int64(fp); break;
                case "realtimeRuntime": rtRuntime = in.int64(fp); break;
                case "realtimePeriod": rtPeriod = in.int64(fp); break;
                case "cpus": cpus = in.string(fp); break;
                case "mems": mems = in.string(fp); break;
                case "idle": idle = in.int64(fp); break;
                default: in.skip();
            }
        }
        return new Cpu(shares, quota, burst, period, rtRuntime, rtPeriod, cpus, mems, idle);
    }

    private Pids pids(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long limit = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            if (f.equals("limit")) limit = in.int64(at(ptr, f));
            else in.skip();
        }
        return new Pids(limit);
    }

    private BlockIO blockIO(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Integer weight = null, leafWeight = null;
        List<WeightDevice> wd = null;
        List<ThrottleDevice> rb = null, wb = null, ri = null, wi = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "weight": weight = in.uint16(fp); break;
                case "leafWeight": leafWeight = in.uint16(fp); break;
                case "weightDevice": wd = objects(fp, WEIGHT_DEV); break;
                case "throttleReadBpsDevice": rb = objects(fp, THROTTLE_DEV); break;
                case "throttleWriteBpsDevice": wb = objects(fp, THROTTLE_DEV); break;
                case "throttleReadIOPSDevice": ri = objects(fp, THROTTLE_DEV); break;
                case "throttleWriteIOPSDevice": wi = objects(fp, THROTTLE_DEV); break;
                default: in.skip();
            }
        }
        return new BlockIO(weight, leafWeight, list(wd), list(rb), list(wb), list(ri), list(wi));
    }

    private WeightDevice weightDevice(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long major = null, minor = null;
        Integer weight = null, leafWeight = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "major": major = in.int64(fp); break;
                case "minor": minor = in.int64(fp); break;
                case "weight": weight = in.uint16(fp); break;
                case "leafWeight": leafWeight = in.uint16(fp); break;
                default: in.skip();
            }
        }
        if (major == null) throw required(ptr, "major");
        if (minor == null) throw required(ptr, "minor");
        return new WeightDevice(major, minor, weight, leafWeight);
    }

    private ThrottleDevice throttleDevice(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long major = null, minor = null, rate = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "major": major = in.int64(fp); break;
                case "minor": minor = in.int64(fp); break;
                case "rate": rate = in.int64(fp); break;
                default: in.skip();
            }
        }
        if (major == null) throw required(ptr, "major");
        if (minor == null) throw required(ptr, "minor");
        if (rate == null) throw required(ptr, "rate");
        return new ThrottleDevice(major, minor, rate);
    }

    private HugepageLimit hugepage(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String size = null;
        Long limit = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "pageSize": size = in.string(at(ptr, f)); break;
                case "limit": limit = in.int64(at(ptr, f)); break;
                default: in.skip();
            }
        }
        if (size == null) throw required(ptr, "pageSize");
        if (limit == null) throw required(ptr, "limit");
        return new HugepageLimit(size, limit);
    }

    private Network network(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long classID = null;
        List<InterfacePriority> prios = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "classID": classID = in.uint32(at(ptr, f)); break;
                case "priorities": prios = objects(at(ptr, f), IF_PRIO); break;
                default: in.skip();
            }
        }
        return new Network(classID, list(prios));
    }

    private InterfacePriority ifPriority(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String name = null;
        Long prio = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "name": name = in.string(at(ptr, f)); break;
                case "priority": prio = in.uint32(at(ptr, f)); break;
                default: in.skip();
            }
        }
        if (name == null) throw required(ptr, "name");
        if (prio == null) throw required(ptr, "priority");
        return new InterfacePriority(name, prio);
    }

    private Rdma rdma(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long handles = null, objects = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "hcaHandles": handles = in.uint32(at(ptr, f)); break;
                case "hcaObjects": objects = in.uint32(at(ptr, f)); break;
                default: in.skip();
            }
        }
        return new Rdma(handles, objects);
    }

    private Seccomp seccomp(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String defaultAction = null, listenerPath = null, listenerMetadata = null;
        Long errnoRet = null;
        List<String> archs = null, flags = null;
        List<Syscall> syscalls = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "defaultAction":
                    defaultAction = in.enumString(fp, Enums.SECCOMP_ACTIONS_SET, Enums.SECCOMP_ACTIONS);
                    break;
                case "defaultErrnoRet": errnoRet = in.uint32(fp); break;
                case "architectures": archs = in.enumList(fp, Enums.SECCOMP_ARCHS_SET, Enums.SECCOMP_ARCHS); break;
                case "flags": flags = in.enumList(fp, Enums.SECCOMP_FLAGS_SET, Enums.SECCOMP_FLAGS); break;
                case "listenerPath": listenerPath = in.string(fp); break;
                case "listenerMetadata": listenerMetadata = in.string(fp); break;
                case "syscalls": syscalls = objects(fp, SYSCALL); break;
                default: in.skip();
            }
        }
        if (defaultAction == null) throw required(ptr, "defaultAction");
        return new Seccomp(defaultAction, errnoRet, list(archs), list(flags), listenerPath, listenerMetadata,
                list(syscalls));
    }

    private Syscall syscall(String ptr) throws ShapeException {
        in.expectObject(ptr);
        List<String> names = null;
        String action = null;
        Long errnoRet = null;
        List<SeccompArg> args = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "names": names = in.stringList(fp); break;
                case "action": action = in.enumString(fp, Enums.SECCOMP_ACTIONS_SET, Enums.SECCOMP_ACTIONS); break;
                case "errnoRet": errnoRet = in.uint32(fp); break;
                case "args": args = objects(fp, SECCOMP_ARG); break;
                default: in.skip();
            }
        }
        if (names == null) throw required(ptr, "names");
        if (action == null) throw required(ptr, "action");
        return new Syscall(names, action, errnoRet, list(args));
    }

    private SeccompArg seccompArg(String ptr) throws ShapeException {
        in.expectObject(ptr);
        Long index = null, value = null;
        long valueTwo = 0;
        String op = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "index": index = in.uint32(fp); break;
                case "value": value = in.int64(fp); break;
                case "valueTwo": valueTwo = in.int64(fp); break;
                case "op": op = in.enumString(fp, Enums.SECCOMP_OPS_SET, Enums.SECCOMP_OPS); break;
                default: in.skip();
            }
        }
        if (index == null) throw required(ptr, "index");
        if (value == null) throw required(ptr, "value");
        if (op == null) throw required(ptr, "op");
        return new SeccompArg(index, value, valueTwo, op);
    }

    private IntelRdt intelRdt(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String closID = null, l3 = null, mb = null;
        List<String> schemata = null;
        Boolean cmt = null, mbm = null, mon = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "closID": closID = in.string(fp); break;
                case "l3CacheSchema": l3 = in.string(fp); break;
                case "memBwSchema": mb = in.string(fp); break;
                case "schemata": schemata = in.stringList(fp); break;
                case "enableCMT": cmt = in.bool(fp); break;
                case "enableMBM": mbm = in.bool(fp); break;
                case "enableMonitoring": mon = in.bool(fp); break;
                default: in.skip();
            }
        }
        return new IntelRdt(closID, l3, mb, list(schemata), cmt, mbm, mon);
    }

    private Personality personality(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String domain = null;
        List<String> flags = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            switch (f) {
                case "domain":
                    domain = in.enumString(at(ptr, f), Enums.PERSONALITY_DOMAINS_SET, Enums.PERSONALITY_DOMAINS);
                    break;
                case "flags": flags = in.stringList(at(ptr, f)); break;
                default: in.skip();
            }
        }
        if (domain == null) throw required(ptr, "domain");
        return new Personality(domain, list(flags));
    }

    private MemoryPolicy memoryPolicy(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String mode = null, nodes = null;
        List<String> flags = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String fp = at(ptr, f);
            switch (f) {
                case "mode": mode = in.enumString(fp, Enums.MEMPOLICY_MODES_SET, Enums.MEMPOLICY_MODES); break;
                case "nodes": nodes = in.string(fp); break;
                case "flags": flags = in.enumList(fp, Enums.MEMPOLICY_FLAGS_SET, Enums.MEMPOLICY_FLAGS); break;
                default: in.skip();
            }
        }
        if (mode == null) throw required(ptr, "mode");
        return new MemoryPolicy(mode, nodes, list(flags));
    }

    private NetDevice netDevice(String ptr) throws ShapeException {
        in.expectObject(ptr);
        String name = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            if (f.equals("name")) name = in.string(at(ptr, f));
            else in.skip();
        }
        return new NetDevice(name);
    }
}
