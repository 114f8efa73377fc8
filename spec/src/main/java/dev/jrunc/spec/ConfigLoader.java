package dev.jrunc.spec;

import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.internal.ConfigParser;
import dev.jrunc.spec.internal.ShapeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads config.json. The normal path is a hand-written streaming parse (Jackson core only); the JSON
 * Schema (networknt + databind) is loaded only to explain a rejected document.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * Reads BUNDLE/config.json; fast streaming parse; on rejection explains with the JSON Schema
     * (first schema violation, by JSON pointer); then runs SemanticValidator; throws on the first problem.
     * Namespace paths are probed by reading /proc-style links ({@code net:[4026531840]}).
     */
    public static Config load(Path bundleDir) throws ConfigException {
        return load(bundleDir, ProcLinkProbe.INSTANCE);
    }

    /** As {@link #load(Path)}, with the caller's namespace probe (e.g. one using NS_GET_NSTYPE). */
    public static Config load(Path bundleDir, NamespaceTypeProbe probe) throws ConfigException {
        Path file = bundleDir.resolve("config.json");
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read " + file + ": " + e.getMessage());
        }
        Config c = parse(json);
        List<Violation> problems = SemanticValidator.check(c, probe);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return c;
    }

    /** Fast path only (plus the schema explanation on rejection); no semantic checks. */
    public static Config parse(byte[] json) throws ConfigException {
        try {
            return ConfigParser.parse(json);
        } catch (ShapeException e) {
            throw explain(json, e);
        }
    }

    /** Builds the exception for a document the fast parser rejected. */
    static ConfigException explain(byte[] json, ShapeException e) {
        Violation own = new Violation(e.pointer(), e.detail());
        if (e.syntax()) return new ConfigException(own);
        List<Violation> schema;
        try {
            schema = SchemaCheck.validate(json);
        } catch (RuntimeException | LinkageError schemaTrouble) {
            return new ConfigException(own); // the explanation is best effort
        }
        if (schema.isEmpty()) return new ConfigException(own);
        List<Violation> out = new ArrayList<>(schema.size());
        for (Violation v : schema) if (v.pointer().equals(own.pointer())) out.add(v);
        if (out.isEmpty()) {
            out.addAll(schema);
        } else {
            for (Violation v : schema) if (!v.pointer().equals(own.pointer())) out.add(v);
        }
        return new ConfigException(out);
    }

    /** Reads the target of a /proc/PID/ns/TYPE style link, {@code type:[inode]}. */
    static final class ProcLinkProbe implements NamespaceTypeProbe {
        static final ProcLinkProbe INSTANCE = new ProcLinkProbe();

        @Override
        public String typeOf(String path) {
            try {
                String t = Files.readSymbolicLink(Path.of(path)).toString();
                int c = t.indexOf(":[");
                return c > 0 && t.endsWith("]") ? t.substring(0, c) : null;
            } catch (IOException | UnsupportedOperationException | SecurityException | java.nio.file.InvalidPathException e) {
                return null;
            }
        }
    }
}
