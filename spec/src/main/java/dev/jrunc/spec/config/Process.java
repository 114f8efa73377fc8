package dev.jrunc.spec.config;

/** process: the container process. */
public record Process(Boolean terminal, ConsoleSize consoleSize, User user, java.util.List<String> args, String commandLine, java.util.List<String> env, String cwd, Capabilities capabilities, java.util.List<Rlimit> rlimits, Boolean noNewPrivileges, String apparmorProfile, Integer oomScoreAdj, String selinuxLabel, IoPriority ioPriority, Scheduler scheduler, ExecCPUAffinity execCPUAffinity) {
    /** This process with another environment. */
    public Process withEnv(java.util.List<String> e) {
        return new Process(terminal, consoleSize, user, args, commandLine, e, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity);
    }

    /** This process with another console size. */
    public Process withConsoleSize(ConsoleSize size) {
        return new Process(terminal, size, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity);
    }
}
