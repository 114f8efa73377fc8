package dev.jrunc.runtime;

import dev.jrunc.spec.LinuxNames;
import dev.jrunc.spec.features.CgroupFeatures;
import dev.jrunc.spec.features.EnabledFeature;
import dev.jrunc.spec.features.Features;
import dev.jrunc.spec.features.FeaturesJson;
import dev.jrunc.spec.features.LinuxFeatures;
import dev.jrunc.spec.features.MountExtensions;
import dev.jrunc.spec.features.SeccompFeatures;
import dev.jrunc.runtime.seccomp.SeccompProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime-spec features document ({@code jrunc features}): what this build
 * actually implements. Flip the switches below as capabilities land; a feature is
 * reported only once a container can use it. As the spec says, the document describes the
 * runtime, not the host: AppArmor, SELinux and the rdma controller are reported because jrunc
 * applies them where the host has them (and refuses a config that needs them where it does
 * not), whether or not this host does.
 */
public final class FeaturesReport {
    private FeaturesReport() {}

    public static final String OCI_VERSION_MIN = "1.0.0";
    public static final String OCI_VERSION_MAX = Version.SPEC;

    // --- what has landed ---
    static final boolean CGROUP_V1 = true;
    static final boolean CGROUP_V2 = true;
    static final boolean CGROUP_SYSTEMD = false;
    /** linux.resources.rdma: rdma.max, on v1 and v2 (refused where the controller is missing). */
    static final boolean CGROUP_RDMA = true;
    static final boolean SECCOMP = true;
    /** process.apparmorProfile: written to attr/apparmor/exec before execve. */
    static final boolean APPARMOR = true;
    /** process.selinuxLabel (attr/exec) and linux.mountLabel (context= mount data, setxattr). */
    static final boolean SELINUX = true;
    static final boolean INTEL_RDT = false;
    static final boolean IDMAP_MOUNTS = false;
    static final boolean CHECKPOINT = false;

    /** The hooks jrunc runs (runtime.hooks). */
    static final List<String> HOOKS = List.of(
            "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    /** Mount options understood in config.json mounts: exactly what the launch planner parses. */
    static final List<String> MOUNT_OPTIONS = dev.jrunc.runtime.launch.MountOptions.known();

    static final List<String> NAMESPACES = List.of(
            "cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts");

    public static Features features() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("dev.jrunc.commit", Version.commit());
        annotations.put("dev.jrunc.version", Version.release());
        if (CHECKPOINT) annotations.put("org.opencontainers.runc.checkpoint.enabled", "true");
        LinuxFeatures linux = new LinuxFeatures(
                NAMESPACES,
                LinuxNames.CAPABILITIES,
                new CgroupFeatures(CGROUP_V1, CGROUP_V2, CGROUP_SYSTEMD, CGROUP_SYSTEMD, CGROUP_RDMA),
                seccompFeatures(),
                new EnabledFeature(APPARMOR),
                new EnabledFeature(SELINUX),
                new EnabledFeature(INTEL_RDT),
                new MountExtensions(new EnabledFeature(IDMAP_MOUNTS)));
        if (Boolean.TRUE.equals(linux.seccomp().enabled())) {
            annotations.put("io.github.seccomp.libseccomp.version", dev.jrunc.linux.LibSeccomp.version());
        }
        // no annotation changes what jrunc does (runc lists bundle, org.systemd.property., org.criu.config)
        return new Features(OCI_VERSION_MIN, OCI_VERSION_MAX, HOOKS, MOUNT_OPTIONS, linux, annotations, List.of());
    }

    /**
     * Seccomp as compiled by runtime.seccomp: every action (SCMP_ACT_NOTIFY, whose listener
     * goes to listenerPath, from libseccomp's API level 5), the operators and architectures
     * libseccomp 2.5 knows, and the filter flags passed to seccomp(2)
     * (WAIT_KILLABLE_RECV together with a notify listener). Disabled where libseccomp.so.2
     * cannot be loaded.
     */
    private static SeccompFeatures seccompFeatures() {
        if (!SECCOMP || !dev.jrunc.linux.LibSeccomp.available()) {
            return new SeccompFeatures(false, null, null, null, null, null);
        }
        List<String> actions = new java.util.ArrayList<>(SeccompProfile.sorted(SeccompProfile.ACTIONS));
        List<String> supportedFlags = new java.util.ArrayList<>(SeccompProfile.sorted(SeccompProfile.FLAGS));
        if (dev.jrunc.linux.LibSeccomp.apiLevel() < 5) {
            actions.remove("SCMP_ACT_NOTIFY");
            supportedFlags.remove("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"); // only with a notify listener
        }
        return new SeccompFeatures(true, actions, SeccompProfile.sorted(SeccompProfile.OPERATORS),
                SeccompProfile.sorted(SeccompProfile.ARCHES), SeccompProfile.sorted(SeccompProfile.FLAGS), supportedFlags);
    }

    /** The document as pretty-printed JSON. */
    public static String json() {
        return FeaturesJson.write(features());
    }
}
