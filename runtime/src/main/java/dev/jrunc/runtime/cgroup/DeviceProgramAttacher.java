package dev.jrunc.runtime.cgroup;

import dev.jrunc.linux.Bpf;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import java.nio.file.Path;

/**
 * Loads a cgroup v2 device program and attaches it to a cgroup directory. An interface so
 * that managers on fake cgroupfs trees can record the attach instead of calling bpf(2).
 */
interface DeviceProgramAttacher {

    /** Attaches {@code program} ({@link DeviceFilter} output) to {@code cgroupDir}; {@code what} names the cause. */
    void attach(Path cgroupDir, byte[] program, String what) throws CgroupException;

    /**
     * bpf(2): BPF_PROG_LOAD as BPF_PROG_TYPE_CGROUP_DEVICE, then BPF_PROG_ATTACH with
     * BPF_CGROUP_DEVICE and BPF_F_ALLOW_MULTI, as runc attaches. The cgroup keeps the program;
     * the fds are closed here, and removing the cgroup frees it.
     */
    DeviceProgramAttacher BPF = new BpfAttacher();

    final class BpfAttacher implements DeviceProgramAttacher {
        @Override
        public void attach(Path cgroupDir, byte[] program, String what) throws CgroupException {
            int dirFd = -1, progFd = -1;
            try {
                dirFd = Linux.open(cgroupDir.toString(), 0200000 | 02000000 /* O_DIRECTORY | O_CLOEXEC */, 0);
                progFd = Bpf.progLoad(Bpf.BPF_PROG_TYPE_CGROUP_DEVICE, program, DeviceFilter.LICENSE);
                Bpf.progAttach(dirFd, progFd, Bpf.BPF_CGROUP_DEVICE, Bpf.BPF_F_ALLOW_MULTI);
            } catch (LinuxException e) {
                throw new CgroupException(what + ": device program for " + cgroupDir + ": " + e.getMessage());
            } finally {
                if (progFd >= 0) Linux.closeQuietly(progFd);
                if (dirFd >= 0) Linux.closeQuietly(dirFd);
            }
        }
    }
}
