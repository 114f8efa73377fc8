package dev.jrunc.runtime.hooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jrunc.spec.config.Hook;
import dev.jrunc.spec.config.Hooks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    public static byte[] write(Hooks h) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                g.writeStartObject();
                list(g, "startContainer", h.startContainer());
                list(g, "poststart", h.poststart());
                list(g, "poststop", h.poststop());
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void list(JsonGenerator g, String name, List<Hook> hooks) throws IOException {
        g.writeArrayFieldStart(name);
        for (Hook k : hooks) {
            g.writeStartObject();
            g.writeStringField("path", k.path());
            strings(g, "args", k.args());
            strings(g, "env", k.env());
            if (k.timeout() != null) g.writeNumberField("timeout", k.timeout());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values == null) return;
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    /** The stored hooks, or null when the container has none. */
    public static Hooks read(Path dir) throws IOException {
        byte[] json;
        try {
            json = Files.readAllBytes(dir.resolve(NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
        List<Hook> start = List.of(), post = List.of(), stop = List.of();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                List<Hook> hooks = hooks(p);
                switch (f) {
                    case "startContainer" -> start = hooks;
                    case "poststart" -> post = hooks;
                    case "poststop" -> stop = hooks;
                    default -> { }
                }
            }
        }
        return new Hooks(List.of(), List.of(), List.of(), start, post, stop);
    }

    private static List<Hook> hooks(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.START_ARRAY);
        List<Hook> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String path = null;
            List<String> args = null, env = null;
            Integer timeout = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "path" -> path = p.getText();
                    case "args" -> args = strings(p, t);
                    case "env" -> env = strings(p, t);
                    case "timeout" -> timeout = p.getIntValue();
                    default -> p.skipChildren();
                }
            }
            out.add(new Hook(path, args, env, timeout));
        }
        return out;
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_ARRAY);
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) out.add(p.getText());
        return out;
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) throw new IOException(NAME + ": expected " + want + ", got " + got);
    }
}
