package dev.jrunc.runtime;

import java.util.List;

/**
 * A process to start in a running container ({@code exec}); either {@code processJson}
 * or {@code args} describes it, the flags override fields of the container's process.
 */
public record ExecRequest(String id, String processJson, List<String> args, String consoleSocket, String cwd,
                          List<String> env, boolean tty, String user, List<String> additionalGids,
                          boolean detach, String pidFile, String processLabel, String apparmor,
                          boolean noNewPrivs, List<String> caps, int preserveFds, List<String> cgroups,
                          boolean ignorePaused) {}
