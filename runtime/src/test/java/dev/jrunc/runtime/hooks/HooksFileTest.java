package dev.jrunc.runtime.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.spec.config.Hook;
import dev.jrunc.spec.config.Hooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksFileTest {
    @TempDir Path dir;

    @Test
    void laterHooksSurviveARoundTrip() throws Exception {
        Hook a = new Hook("/bin/a", List.of("a0", "x \"quoted\"\n"), List.of("K=V"), 5);
        Hook b = new Hook("/bin/b", List.of(), List.of(), null);
        Hooks h = new Hooks(List.of(b), List.of(b), List.of(b), List.of(a), List.of(b), List.of(a, b));
        assertTrue(HooksFile.needed(h));
        Files.write(dir.resolve(HooksFile.NAME), HooksFile.write(h));
        Hooks back = HooksFile.read(dir);
        assertEquals(List.of(a), back.startContainer());
        assertEquals(List.of(b), back.poststart());
        assertEquals(List.of(a, b), back.poststop());
        // the create-time kinds are run by create itself and not kept
        assertTrue(back.prestart().isEmpty() && back.createRuntime().isEmpty() && back.createContainer().isEmpty());
    }

    /** Paths, args, env and timeouts as they were, odd characters included; empty lists stay empty. */
    @Test
    void oddValuesSurviveARoundTrip() throws Exception {
        String odd = "tab\t nl\n cr\r quote\" back\\ slash/ nul\u0000 bell\u0007 <&> \u2028 é 日本 \uD83D\uDE00";
        Hook a = new Hook("/usr/bin/" + odd, List.of("", odd, "--x=\"y\""), List.of("A=" + odd, "B="), 0);
        Hook b = new Hook("/bin/b", List.of(), List.of(), Integer.MAX_VALUE);
        Hook c = new Hook("/bin/c", List.of("c"), List.of(), null);
        Hooks h = new Hooks(List.of(), List.of(), List.of(), List.of(a, b, c), List.of(), List.of(c, a));
        Files.write(dir.resolve(HooksFile.NAME), HooksFile.write(h));
        Hooks back = HooksFile.read(dir);
        assertEquals(h, back);
        assertEquals(List.of(), back.poststart());
        assertEquals(List.of(), back.poststop().get(0).env());
    }

    /** The format stays what it was: one compact object with the three later kinds, [] when empty. */
    @Test
    void theFileFormatIsKept() {
        Hook a = new Hook("/bin/a", List.of("a"), List.of("K=V"), 5);
        Hook b = new Hook("/bin/b", null, null, null);
        Hooks h = new Hooks(List.of(a), List.of(), List.of(), List.of(), List.of(a, b), List.of());
        assertEquals("{\"startContainer\":[],\"poststart\":[{\"path\":\"/bin/a\",\"args\":[\"a\"],"
                + "\"env\":[\"K=V\"],\"timeout\":5},{\"path\":\"/bin/b\"}],\"poststop\":[]}",
                new String(HooksFile.write(h), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A file an earlier jrunc wrote (Jackson's escapes, unknown members, whitespace) still reads. */
    @Test
    void anEarlierFileStillReads() throws Exception {
        Files.writeString(dir.resolve(HooksFile.NAME), "{ \"startContainer\" : [ {\"path\":\"/bin/\\u00e9\","
                + "\"args\":[\"x\\\"y\"],\"future\":{\"a\":[1]},\"timeout\":3} ],\"poststart\":[],\"poststop\":[] }\n");
        Hooks back = HooksFile.read(dir);
        assertEquals(List.of(new Hook("/bin/\u00e9", List.of("x\"y"), List.of(), 3)), back.startContainer());
    }

    /** A damaged file is an error that names the file and the JSON pointer, not a silent "no hooks". */
    @Test
    void aDamagedFileNamesWhere() throws Exception {
        Files.writeString(dir.resolve(HooksFile.NAME), "{\"poststop\":[{\"path\":\"/bin/a\",\"timeout\":\"5\"}]}");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> HooksFile.read(dir));
        assertTrue(e.getMessage().startsWith("hooks.json: /poststop/0/timeout: "), e.getMessage());
        Files.writeString(dir.resolve(HooksFile.NAME), "{\"poststop\":[{\"args\":[]}]}");
        e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> HooksFile.read(dir));
        assertTrue(e.getMessage().startsWith("hooks.json: /poststop/0/path: "), e.getMessage());
        Files.writeString(dir.resolve(HooksFile.NAME), "{\"poststop\":[");
        e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> HooksFile.read(dir));
        assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
    }

    @Test
    void noFileMeansNoHooks() throws Exception {
        assertNull(HooksFile.read(dir));
        Hook b = new Hook("/bin/b", null, null, null);
        assertFalse(HooksFile.needed(new Hooks(List.of(b), List.of(b), List.of(b), List.of(), List.of(), List.of())));
    }
}
