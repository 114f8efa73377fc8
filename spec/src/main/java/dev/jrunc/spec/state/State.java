package dev.jrunc.spec.state;

import java.time.Instant;
import java.util.Map;

/**
 * Container state as {@code jrunc state} prints it (the OCI state plus runc's rootfs, created and
 * owner). {@code status} is one of creating, created, running, stopped (runc also prints paused).
 */
public record State(String ociVersion, String id, String status, int pid, String bundle, String rootfs,
        Instant created, String owner, Map<String, String> annotations) {
    public State {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
