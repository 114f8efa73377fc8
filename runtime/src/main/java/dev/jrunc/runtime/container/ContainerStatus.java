package dev.jrunc.runtime.container;

/** The lifecycle states of the runtime-spec, plus runc's paused. */
public enum ContainerStatus {
    CREATING, CREATED, RUNNING, PAUSED, STOPPED;

    /** As the state document spells it. */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
