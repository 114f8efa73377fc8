package dev.jrunc.runtime.cgroup;

import dev.jrunc.runtime.cgroup.DeviceRules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a device cgroup enforces, the way the cgroup v1 devices controller keeps it: a default
 * (allow all, or deny all) and exceptions keyed by type/major/minor with their access bits.
 * Rules fold in order: a type "a" rule resets the default and drops every exception; any
 * other rule adds an exception or takes access away from one. Taking access away from a
 * single device that a wildcard exception grants ("punching a hole") is refused, as runc
 * refuses it: v1 cannot express it.
 */
public final class DeviceState {
    /** An exception's key; ordered wildcards (-1) first, then by major, minor, type: stable writes and programs. */
    record Key(char type, long major, long minor) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            if (major != o.major) return Long.compare(major, o.major);
            if (minor != o.minor) return Long.compare(minor, o.minor);
            return Character.compare(type, o.type);
        }
    }

    private boolean defaultAllow;
    private final TreeMap<Key, Integer> exceptions = new TreeMap<>();
    private final Map<Key, String> sources = new TreeMap<>();
    private String resetSource = "default rule";

    private DeviceState(boolean defaultAllow) {
        this.defaultAllow = defaultAllow;
    }

    /** The state after {@code rules}, starting from deny-all (as runc does). */
    public static DeviceState of(List<Rule> rules) throws CgroupException {
        DeviceState s = new DeviceState(false);
        for (Rule r : rules) s.apply(r);
        return s;
    }

    /** A v1 cgroup's {@code devices.list}: "a *:* rwm" (allow all) or one allowed exception a line. */
    public static DeviceState parseList(String list) throws CgroupException {
        DeviceState s = new DeviceState(false);
        if (list == null) return s;
        for (String line : list.split("\n")) {
            line = line.trim();
            if (line.isEmpty()) continue;
            String[] f = line.split("[ :]");
            if (f.length != 4 || f[0].length() != 1) throw new CgroupException("devices.list: bad line \"" + line + "\"");
            int access = DeviceRules.parseAccess(f[3]);
            if (access <= 0) throw new CgroupException("devices.list: bad access in \"" + line + "\"");
            try {
                s.apply(new Rule(f[0].charAt(0), f[1].equals("*") ? DeviceRules.ANY : Long.parseLong(f[1]),
                        f[2].equals("*") ? DeviceRules.ANY : Long.parseLong(f[2]), access, true, "devices.list"));
            } catch (NumberFormatException e) {
                throw new CgroupException("devices.list: bad device number in \"" + line + "\"");
            }
        }
        return s;
    }

    public boolean defaultAllow() {
        return defaultAllow;
    }

    /** The exceptions to the default, in a stable order; each one's {@code allow} is {@code !defaultAllow()}. */
    public List<Rule> exceptions() {
        List<Rule> out = new ArrayList<>();
        for (Map.Entry<Key, Integer> e : exceptions.entrySet()) {
            Key k = e.getKey();
            out.add(new Rule(k.type(), k.major(), k.minor(), e.getValue(), !defaultAllow, sources.get(k)));
        }
        return out;
    }

    void apply(Rule r) throws CgroupException {
        if (r.type() == 'a') {
            defaultAllow = r.allow();
            exceptions.clear();
            sources.clear();
            resetSource = r.source();
            return;
        }
        Key k = new Key(r.type(), r.major(), r.minor());
        if (r.allow() != defaultAllow) {
            Integer had = exceptions.get(k);
            exceptions.put(k, had == null ? r.access() : had | r.access());
            sources.put(k, r.source());
            return;
        }
        // the rule agrees with the default: it takes access away from an exception
        for (Key wide : new Key[] {new Key(k.type(), DeviceRules.ANY, k.minor()),
            new Key(k.type(), k.major(), DeviceRules.ANY), new Key(k.type(), DeviceRules.ANY, DeviceRules.ANY)}) {
            if (wide.equals(k)) continue;
            Integer bits = exceptions.get(wide);
            if (bits != null && (bits & r.access()) != 0) {
                Rule w = new Rule(wide.type(), wide.major(), wide.minor(), bits, !defaultAllow, sources.get(wide));
                throw new CgroupException(r.source() + ": \"" + r + "\" cannot take access away from part of the"
                        + " wildcard rule \"" + w + "\" (" + w.source() + "); the devices cgroup cannot express it");
            }
        }
        Integer bits = exceptions.get(k);
        if (bits == null) return;
        int left = bits & ~r.access();
        if (left == 0) {
            exceptions.remove(k);
            sources.remove(k);
        } else {
            exceptions.put(k, left);
        }
    }

    /**
     * The writes (v1 devices.allow / devices.deny) that take a cgroup from {@code current}
     * to this state: first a type "a" reset when the cgroup allows all (v1 cannot list its
     * deny exceptions) or its default differs, then access taken away, then access granted.
     */
    public List<Rule> transitionFrom(DeviceState current) {
        List<Rule> out = new ArrayList<>();
        Map<Key, Integer> old = current.exceptions;
        if (current.defaultAllow || current.defaultAllow != defaultAllow) {
            out.add(new Rule('a', DeviceRules.ANY, DeviceRules.ANY, DeviceRules.RWM, defaultAllow, resetSource));
            old = Map.of();
        }
        for (Map.Entry<Key, Integer> e : old.entrySet()) {
            Key k = e.getKey();
            int dropped = e.getValue() & ~exceptions.getOrDefault(k, 0);
            if (dropped != 0) {
                String src = sources.getOrDefault(k, resetSource);
                out.add(new Rule(k.type(), k.major(), k.minor(), dropped, defaultAllow, src));
            }
        }
        for (Map.Entry<Key, Integer> e : exceptions.entrySet()) {
            Key k = e.getKey();
            int gained = e.getValue() & ~old.getOrDefault(k, 0);
            if (gained != 0) out.add(new Rule(k.type(), k.major(), k.minor(), gained, !defaultAllow, sources.get(k)));
        }
        return out;
    }

    /** The minimal rule list that makes this state from a new deny-all cgroup. */
    public List<Rule> rules() {
        return transitionFrom(new DeviceState(false));
    }
}
