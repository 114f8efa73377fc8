package dev.jrunc.spec.config;

import dev.jrunc.spec.ConfigException;
import dev.jrunc.spec.internal.JsonIn;
import dev.jrunc.spec.internal.JsonOut;
import dev.jrunc.spec.internal.ShapeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads and writes a {@link Hooks} record as the config's {@code hooks} object, compact: the
 * runtime keeps the hooks of its later commands this way ({@code hooks.json} in a state dir).
 * The kinds run at create (prestart, createRuntime, createContainer) are written only when not
 * empty, the later ones (startContainer, poststart, poststop) always, {@code []} when empty. A
 * hook's {@code args}/{@code env} are written when not null and read back as null when absent;
 * its {@code timeout} likewise.
 */
public final class HooksJson {
    private HooksJson() {}

    public static String write(Hooks h) {
        JsonOut o = new JsonOut(false).beginObject();
        if (!h.prestart().isEmpty()) list(o, "prestart", h.prestart());
        if (!h.createRuntime().isEmpty()) list(o, "createRuntime", h.createRuntime());
        if (!h.createContainer().isEmpty()) list(o, "createContainer", h.createContainer());
        list(o, "startContainer", h.startContainer());
        list(o, "poststart", h.poststart());
        list(o, "poststop", h.poststop());
        return o.endObject().toString();
    }

    private static void list(JsonOut o, String name, List<Hook> hooks) {
        o.name(name).beginArray();
        for (Hook k : hooks) {
            o.beginObject();
            o.name("path").string(k.path());
            o.stringArray("args", k.args());
            o.stringArray("env", k.env());
            if (k.timeout() != null) o.name("timeout").number(k.timeout());
            o.endObject();
        }
        o.endArray();
    }

    /**
     * Parses what {@link #write} wrote (any {@code hooks} object with paths, in fact); unknown
     * members are skipped, absent kinds are empty lists.
     *
     * @throws ConfigException naming the JSON pointer of a bad value
     */
    public static Hooks parse(byte[] json) throws ConfigException {
        try (JsonIn in = new JsonIn(json)) {
            in.startDocument();
            List<Hook> a = List.of(), b = List.of(), c = List.of(), d = List.of(), e = List.of(), g = List.of();
            String f;
            while ((f = in.nextField()) != null) {
                if (in.isNull()) continue;
                String p = "/" + JsonIn.escape(f);
                switch (f) {
                    case "prestart": a = hooks(in, p); break;
                    case "createRuntime": b = hooks(in, p); break;
                    case "createContainer": c = hooks(in, p); break;
                    case "startContainer": d = hooks(in, p); break;
                    case "poststart": e = hooks(in, p); break;
                    case "poststop": g = hooks(in, p); break;
                    default: in.skip();
                }
            }
            in.expectEnd();
            return new Hooks(a, b, c, d, e, g);
        } catch (ShapeException ex) {
            throw new ConfigException(ex.pointer(), ex.detail());
        }
    }

    private static List<Hook> hooks(JsonIn in, String ptr) throws ShapeException {
        in.expectArray(ptr, " of objects");
        List<Hook> out = new ArrayList<>();
        while (in.next() != dev.jrunc.spec.internal.JsonToken.END_ARRAY) {
            out.add(hook(in, ptr + "/" + out.size()));
        }
        return Collections.unmodifiableList(out);
    }

    private static Hook hook(JsonIn in, String ptr) throws ShapeException {
        in.expectObject(ptr);
        String path = null;
        List<String> args = null, env = null;
        Integer timeout = null;
        String f;
        while ((f = in.nextField()) != null) {
            if (in.isNull()) continue;
            String p = ptr + "/" + JsonIn.escape(f);
            switch (f) {
                case "path": path = in.string(p); break;
                case "args": args = in.stringList(p); break;
                case "env": env = in.stringList(p); break;
                case "timeout": timeout = in.int32(p); break;
                default: in.skip();
            }
        }
        if (path == null) throw JsonIn.required(ptr, "path");
        return new Hook(path, args, env, timeout);
    }
}
