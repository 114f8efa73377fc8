package dev.jrunc.runtime.launch;

import java.util.Map;

/**
 * Everything besides the config that decides a plan: host paths and the fd numbers
 * the JVM set up before the clone. The JVM opens namespace paths and the state
 * directory itself, so the child only ever uses fds.
 *
 * @param rootfs      absolute host path of the rootfs
 * @param executable  args[0] resolved inside the rootfs (the PATH lookup is the JVM's)
 * @param errFd       where the child writes READY or a failure record (close-on-exec)
 * @param syncFd      the read end the child waits on while the JVM writes id maps and cgroups
 * @param syncWriteFd the write end, which the child closes first so that a dead JVM means EOF
 * @param stateDirFd  O_PATH fd of the container's state directory (holds exec.fifo)
 * @param scratchFd   a free fd number used to reach mount targets via /proc/self/fd
 * @param joinFds     namespace type → fd of the namespace to join (config paths)
 * @param noPivot     MS_MOVE + chroot instead of pivot_root
 * @param preserveFds extra fds kept open after 0–2 (runc's --preserve-fds)
 */
public record LaunchContext(String rootfs, String executable, int errFd, int syncFd, int syncWriteFd,
                            int stateDirFd,
                            int scratchFd, Map<String, Integer> joinFds, boolean noPivot, int preserveFds,
                            HostProbe probe) {
    public LaunchContext {
        joinFds = Map.copyOf(joinFds);
    }
}
