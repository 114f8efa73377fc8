package dev.jrunc.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.jrunc.spec.internal.JsonIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The slow path: validates a document against config-schema.json with networknt and turns its
 * findings into {@link Violation}s in jrunc's message style. Only loaded when a document is rejected
 * or for {@code jrunc validate}; keeps databind and networknt off the normal start path.
 */
final class SchemaCheck {
    static final String RESOURCE = "/dev/jrunc/spec/config-schema.json";

    private SchemaCheck() {}

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
        static final JsonNode SCHEMA_NODE;
        static final JsonSchema SCHEMA;

        static {
            try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("missing " + RESOURCE);
                SCHEMA_NODE = MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().build();
            SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(SCHEMA_NODE, cfg);
        }
    }

    /** The schema document itself (for tests and tooling). */
    static JsonNode schemaNode() {
        return Holder.SCHEMA_NODE;
    }

    /**
     * Schema violations of the document, sorted by pointer (array indexes numerically); a single
     * "invalid JSON" violation if it is not JSON at all; empty if the schema accepts it.
     */
    static List<Violation> validate(byte[] json) {
        JsonNode doc;
        try {
            doc = Holder.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of(new Violation("", "invalid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return List.of(new Violation("", "invalid JSON: " + e.getMessage()));
        }
        if (doc == null || doc.isMissingNode()) return List.of(new Violation("", "invalid JSON: empty document"));
        stripNulls(doc);
        List<Ranked> ranked = new ArrayList<>();
        for (ValidationMessage m : Holder.SCHEMA.validate(doc)) ranked.add(describe(m));
        ranked.sort(Comparator.comparing((Ranked r) -> r.v.pointer(), SchemaCheck::comparePointers)
                .thenComparingInt(r -> r.rank));
        LinkedHashSet<Violation> out = new LinkedHashSet<>();
        for (Ranked r : ranked) out.add(r.v);
        return List.copyOf(out);
    }

    private record Ranked(Violation v, int rank) {}

    /** Null members count as absent (Go semantics), so they are removed before validation. */
    private static void stripNulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (e.getValue().isNull()) nulls.add(e.getKey());
                else stripNulls(e.getValue());
            }
            o.remove(nulls);
        } else if (n instanceof ArrayNode a) {
            for (JsonNode c : a) stripNulls(c);
        }
    }

    private static String pointerOf(JsonNodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object e = path.getElement(i);
            sb.append('/').append(e instanceof Integer ? e.toString() : JsonIn.escape(String.valueOf(e)));
        }
        return sb.toString();
    }

    /** The schema object that holds the keyword that failed. */
    private static JsonNode keywordOwner(ValidationMessage m) {
        String loc = String.valueOf(m.getSchemaLocation());
        int hash = loc.indexOf('#');
        if (hash < 0) return Holder.SCHEMA_NODE;
        String frag = loc.substring(hash + 1);
        int slash = frag.lastIndexOf('/');
        String parent = slash <= 0 ? "" : frag.substring(0, slash);
        JsonNode n = Holder.SCHEMA_NODE.at(parent);
        return n.isMissingNode() ? Holder.SCHEMA_NODE : n;
    }

    private static JsonNode deref(JsonNode n) {
        for (int i = 0; i < 8 && n != null && n.has("$ref"); i++) {
            String ref = n.get("$ref").asText();
            n = Holder.SCHEMA_NODE.at(ref.startsWith("#") ? ref.substring(1) : ref);
        }
        return n;
    }

    private static Ranked describe(ValidationMessage m) {
        String ptr = pointerOf(m.getInstanceLocation());
        String kw = m.getType();
        JsonNode owner = keywordOwner(m);
        switch (kw == null ? "" : kw) {
            case "type": {
                String t = owner.path("type").asText();
                return new Ranked(new Violation(ptr, typeMessage(t, owner)), 0);
            }
            case "required":
                return new Ranked(new Violation(ptr + "/" + JsonIn.escape(m.getProperty()), "is required"), 1);
            case "enum": {
                List<String> vals = new ArrayList<>();
                for (JsonNode v : owner.path("enum")) vals.add(v.asText());
                return new Ranked(new Violation(ptr, JsonIn.mustBeOneOf(vals)), 2);
            }
            case "minimum":
            case "maximum":
                return new Ranked(new Violation(ptr, rangeMessage(owner)), 3);
            default: {
                String msg = m.getMessage();
                int colon = msg.indexOf(": ");
                if (colon >= 0 && msg.startsWith("$")) msg = msg.substring(colon + 2);
                return new Ranked(new Violation(ptr, msg), 4);
            }
        }
    }

    static String typeMessage(String type, JsonNode owner) {
        switch (type) {
            case "array": {
                JsonNode items = deref(owner.get("items"));
                String it = items == null ? "" : items.path("type").asText();
                switch (it) {
                    case "string": return "must be an array of strings";
                    case "object": return "must be an array of objects";
                    case "integer": return "must be an array of integers";
                    default: return "must be an array";
                }
            }
            case "object": return "must be an object";
            case "string": return "must be a string";
            case "integer": return "must be an integer";
            case "boolean": return "must be a boolean";
            case "number": return "must be a number";
            default: return "must be of type " + type;
        }
    }

    static String rangeMessage(JsonNode owner) {
        String max = owner.path("maximum").asText();
        switch (max) {
            case "4294967295": return "must be an unsigned 32-bit integer";
            case "2147483647": return "must be a 32-bit integer";
            case "65535": return "must be an unsigned 16-bit integer";
            default: return "must be a 64-bit integer";
        }
    }

    /** Pointer order: segment by segment, array indexes numerically, a prefix first. */
    static int comparePointers(String a, String b) {
        String[] x = a.split("/", -1), y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            String s = x[i], t = y[i];
            if (s.equals(t)) continue;
            boolean ns = !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            boolean nt = !t.isEmpty() && t.chars().allMatch(Character::isDigit);
            if (ns && nt && s.length() < 10 && t.length() < 10) return Integer.compare(Integer.parseInt(s), Integer.parseInt(t));
            return s.compareTo(t);
        }
        return Integer.compare(x.length, y.length);
    }
}
