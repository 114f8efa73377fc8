package dev.jrunc.runtime;

import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.Namespaces;
import dev.jrunc.spec.ConfigValidator;
import dev.jrunc.spec.NamespaceTypeProbe;
import dev.jrunc.spec.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Full validation of a bundle's config.json ({@code jrunc validate}): schema, shape and
 * semantics, with namespace paths probed by NS_GET_NSTYPE. Off the hot path: this is the
 * only caller of the schema validator.
 */
public final class ConfigCheck {
    private ConfigCheck() {}

    /** Asks the kernel what namespace a file is; null for anything else. */
    public static final NamespaceTypeProbe KERNEL_PROBE = path -> {
        try {
            return Namespaces.nsType(path);
        } catch (LinuxException e) {
            return null;
        }
    };

    /** All violations in {@code bundle/config.json}; empty when valid. */
    public static List<Violation> check(Path bundle) throws JruncException {
        Path file = bundle.resolve(DefaultSpec.FILE_NAME);
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new JruncException("JSON specification file " + file + " not found");
        } catch (IOException e) {
            throw new JruncException("reading " + file + ": " + e.getMessage(), e);
        }
        return ConfigValidator.validate(json, KERNEL_PROBE);
    }
}
