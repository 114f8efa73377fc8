package dev.jrunc.runtime;

/** The container has no state directory under the root; engines match "does not exist". */
public final class ContainerNotFoundException extends JruncException {
    private final String id;

    public ContainerNotFoundException(String id) {
        super("container \"" + id + "\" does not exist");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
