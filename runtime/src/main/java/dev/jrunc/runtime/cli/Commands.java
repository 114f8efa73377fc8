package dev.jrunc.runtime.cli;

/**
 * The subcommands by name; only the one invoked is loaded. Each case calls a factory typed
 * {@code Subcommand}, so verifying this class does not load every command class.
 */
final class Commands {
    private Commands() {}

    /** In the order help lists them. */
    static final String[] NAMES = {
        "checkpoint", "create", "delete", "events", "exec", "kill", "list", "pause", "ps", "restore",
        "resume", "run", "spec", "start", "state", "update", "features", "validate",
    };

    static Subcommand lookup(String name) {
        return switch (name) {
            case "checkpoint" -> CheckpointCommand.create();
            case "create" -> CreateCommand.create();
            case "delete" -> DeleteCommand.create();
            case "events" -> EventsCommand.create();
            case "exec" -> ExecCommand.create();
            case "kill" -> KillCommand.create();
            case "list" -> ListCommand.create();
            case "pause" -> PauseCommand.create();
            case "ps" -> PsCommand.create();
            case "restore" -> RestoreCommand.create();
            case "resume" -> ResumeCommand.create();
            case "run" -> RunCommand.create();
            case "spec" -> SpecCommand.create();
            case "start" -> StartCommand.create();
            case "state" -> StateCommand.create();
            case "update" -> UpdateCommand.create();
            case "features" -> FeaturesCommand.create();
            case "validate" -> ValidateCommand.create();
            default -> null;
        };
    }
}
