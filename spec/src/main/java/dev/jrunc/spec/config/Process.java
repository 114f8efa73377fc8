package dev.jrunc.spec.config;

/** process: the container process. */
public record Process(Boolean terminal, ConsoleSize consoleSize, User user, java.util.List<String> args, String commandLine, java.util.List<String> env, String cwd, Capabilities capabilities, java.util.List<Rlimit> rlimits, Boolean noNewPrivileges, String apparmorProfile, Integer oomScoreAdj, String selinuxLabel, IoPriority ioPriority, Scheduler scheduler, ExecCPUAffinity execCPUAffinity) {
}
