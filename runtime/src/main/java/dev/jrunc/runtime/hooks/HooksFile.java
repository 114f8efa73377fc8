package dev.jrunc.runtime.hooks;

import dev.jrunc.spec.ConfigException;
import dev.jrunc.spec.config.Hooks;
import dev.jrunc.spec.config.HooksJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The hooks that later commands run ({@code start}: startContainer, poststart;
 * {@code delete}: poststop), kept in the container's state directory as
 * {@code hooks.json} at create: the bundle may change or vanish meanwhile.
 * Absent when the config has none of them.
 */
public final class HooksFile {
    public static final String NAME = "hooks.json";

    private HooksFile() {}

    /** Whether any hook of the later commands is configured. */
    public static boolean needed(Hooks h) {
        return h != null && (!h.startContainer().isEmpty() || !h.poststart().isEmpty() || !h.poststop().isEmpty());
    }

    /** The file's bytes: the later hooks as {@link HooksJson} writes them (the create-time kinds are left out). */
    public static byte[] write(Hooks h) {
        Hooks later = new Hooks(List.of(), List.of(), List.of(), h.startContainer(), h.poststart(), h.poststop());
        return HooksJson.write(later).getBytes(StandardCharsets.UTF_8);
    }

    /** The stored hooks (only the later kinds), or null when the container has none. */
    public static Hooks read(Path dir) throws IOException {
        byte[] json;
        try {
            json = Files.readAllBytes(dir.resolve(NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
        Hooks h;
        try {
            h = HooksJson.parse(json);
        } catch (ConfigException e) {
            throw new IOException(NAME + ": " + e.getMessage(), e);
        }
        return new Hooks(List.of(), List.of(), List.of(), h.startContainer(), h.poststart(), h.poststop());
    }
}
