package dev.jrunc.runtime;

import dev.jrunc.runtime.log.RuntimeLog;

/**
 * What the global flags decide for every command.
 *
 * @param store         the state root ({@code --root})
 * @param systemdCgroup {@code --systemd-cgroup}, or {@code --cgroup-manager=systemd}
 * @param cgroupManager "cgroupfs", "systemd" or "disabled" (crun's {@code --cgroup-manager})
 * @param rootless      "true", "false" or "auto" ({@code --rootless})
 * @param criu          the criu binary ({@code --criu})
 * @param log           the runtime log ({@code --log}, {@code --log-format}, {@code --debug})
 */
public record RuntimeOptions(StateStore store, boolean systemdCgroup, String cgroupManager, String rootless,
                             String criu, RuntimeLog log) {}
