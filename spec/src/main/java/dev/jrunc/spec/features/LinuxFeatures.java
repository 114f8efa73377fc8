package dev.jrunc.spec.features;

/** features.linux. */
public record LinuxFeatures(java.util.List<String> namespaces, java.util.List<String> capabilities, CgroupFeatures cgroup, SeccompFeatures seccomp, EnabledFeature apparmor, EnabledFeature selinux, EnabledFeature intelRdt, MountExtensions mountExtensions) {
}
