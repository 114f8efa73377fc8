package dev.jrunc.spec;

import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.internal.ConfigParser;
import dev.jrunc.spec.internal.ShapeException;
import java.util.List;

/** Full validation for {@code jrunc validate}: JSON Schema, then the fast parser, then semantic checks. */
public final class ConfigValidator {
    private ConfigValidator() {}

    /**
     * All problems found: schema violations if there are any (sorted by pointer); otherwise the fast
     * parser's rejection if any; otherwise the semantic violations. Empty means valid.
     */
    public static List<Violation> validate(byte[] json, NamespaceTypeProbe probe) {
        List<Violation> schema = SchemaCheck.validate(json);
        if (!schema.isEmpty()) return schema;
        Config c;
        try {
            c = ConfigParser.parse(json);
        } catch (ShapeException e) {
            return List.of(new Violation(e.pointer(), e.detail()));
        }
        return SemanticValidator.check(c, probe == null ? NamespaceTypeProbe.NONE : probe);
    }
}
