package dev.jrunc.spec.config;

/** linux: Linux-specific configuration. */
public record Linux(java.util.List<Namespace> namespaces, java.util.List<IdMapping> uidMappings, java.util.List<IdMapping> gidMappings, java.util.Map<String, TimeOffset> timeOffsets, java.util.List<Device> devices, String cgroupsPath, Resources resources, String rootfsPropagation, Seccomp seccomp, java.util.Map<String, String> sysctl, java.util.List<String> maskedPaths, java.util.List<String> readonlyPaths, String mountLabel, IntelRdt intelRdt, Personality personality, MemoryPolicy memoryPolicy, java.util.Map<String, NetDevice> netDevices) {
}
