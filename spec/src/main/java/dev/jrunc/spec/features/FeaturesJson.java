package dev.jrunc.spec.features;

import dev.jrunc.spec.internal.JsonOut;

/** Writes the features document. */
public final class FeaturesJson {
    private FeaturesJson() {}

    /** Pretty JSON (two-space indent, members in spec order); null members are omitted. */
    public static String write(Features f) {
        JsonOut o = new JsonOut().beginObject();
        o.field("ociVersionMin", f.ociVersionMin());
        o.field("ociVersionMax", f.ociVersionMax());
        o.stringArray("hooks", f.hooks());
        o.stringArray("mountOptions", f.mountOptions());
        LinuxFeatures l = f.linux();
        if (l != null) {
            o.name("linux").beginObject();
            o.stringArray("namespaces", l.namespaces());
            o.stringArray("capabilities", l.capabilities());
            CgroupFeatures c = l.cgroup();
            if (c != null) {
                o.name("cgroup").beginObject();
                o.field("v1", c.v1()).field("v2", c.v2()).field("systemd", c.systemd())
                        .field("systemdUser", c.systemdUser()).field("rdma", c.rdma());
                o.endObject();
            }
            SeccompFeatures s = l.seccomp();
            if (s != null) {
                o.name("seccomp").beginObject();
                o.field("enabled", s.enabled());
                o.stringArray("actions", s.actions());
                o.stringArray("operators", s.operators());
                o.stringArray("archs", s.archs());
                o.stringArray("knownFlags", s.knownFlags());
                o.stringArray("supportedFlags", s.supportedFlags());
                o.endObject();
            }
            enabled(o, "apparmor", l.apparmor());
            enabled(o, "selinux", l.selinux());
            enabled(o, "intelRdt", l.intelRdt());
            if (l.mountExtensions() != null) {
                o.name("mountExtensions").beginObject();
                enabled(o, "idmap", l.mountExtensions().idmap());
                o.endObject();
            }
            o.endObject();
        }
        o.stringMap("annotations", f.annotations());
        o.stringArray("potentiallyUnsafeConfigAnnotations", f.potentiallyUnsafeConfigAnnotations());
        return o.endObject().toString();
    }

    private static void enabled(JsonOut o, String name, EnabledFeature e) {
        if (e == null) return;
        o.name(name).beginObject();
        o.field("enabled", e.enabled());
        o.endObject();
    }
}
