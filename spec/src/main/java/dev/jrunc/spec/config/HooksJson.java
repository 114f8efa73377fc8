package dev.jrunc.spec.config;

import dev.jrunc.spec.ConfigException;
import dev.jrunc.spec.internal.ConfigParser;
import dev.jrunc.spec.internal.JsonOut;
import dev.jrunc.spec.internal.ShapeException;
import java.util.List;

/**
 * Reads and writes a {@link Hooks} record as the config's {@code hooks} object, compact: the
 * runtime keeps the hooks of its later commands this way ({@code hooks.json} in a state dir).
 * The kinds run at create (prestart, createRuntime, createContainer) are written only when not
 * empty, the later ones (startContainer, poststart, poststop) always, {@code []} when empty. A
 * hook's {@code args}/{@code env} are written when not null and read back as empty lists when
 * absent, as in a config; its {@code timeout} is written when set.
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
     * Parses what {@link #write} wrote (any {@code hooks} object, in fact, read as the config's
     * {@code hooks} is); absent kinds, args and env are empty lists.
     *
     * @throws ConfigException naming the JSON pointer of a bad value
     */
    public static Hooks parse(byte[] json) throws ConfigException {
        try {
            return ConfigParser.parseHooks(json);
        } catch (ShapeException ex) {
            throw new ConfigException(ex.pointer(), ex.detail());
        }
    }
}
