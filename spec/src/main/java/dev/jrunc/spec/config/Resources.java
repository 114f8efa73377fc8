package dev.jrunc.spec.config;

/** linux.resources (cgroup limits). */
public record Resources(java.util.List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids, BlockIO blockIO, java.util.List<HugepageLimit> hugepageLimits, Network network, java.util.Map<String, Rdma> rdma, java.util.Map<String, String> unified) {
}
