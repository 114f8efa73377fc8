package dev.jrunc.runtime.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        Hook b = new Hook("/bin/b", null, null, null);
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

    @Test
    void noFileMeansNoHooks() throws Exception {
        assertNull(HooksFile.read(dir));
        Hook b = new Hook("/bin/b", null, null, null);
        assertFalse(HooksFile.needed(new Hooks(List.of(b), List.of(b), List.of(b), List.of(), List.of(), List.of())));
    }
}
