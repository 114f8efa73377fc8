package dev.jrunc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.spec.config.Hook;
import dev.jrunc.spec.config.Hooks;
import dev.jrunc.spec.config.HooksJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HooksJsonTest {
    @Test
    void allSixKindsRoundTrip() throws Exception {
        Hook a = new Hook("/a", List.of("a", "\u0001\"\\"), List.of(), 1);
        Hook b = new Hook("/b", List.of(), List.of("X=</script>"), null);
        Hooks h = new Hooks(List.of(a), List.of(b), List.of(a, b), List.of(b), List.of(), List.of(a));
        assertEquals(h, HooksJson.parse(HooksJson.write(h).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theConfigsHooksObjectParsesAlike() throws Exception {
        Hooks h = HooksJson.parse("{\"prestart\":null,\"poststop\":[{\"path\":\"/p\",\"timeout\":null}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new Hooks(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(new Hook("/p", List.of(), List.of(), null))), h);
    }

    @Test
    void badValuesNameTheirPointer() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HooksJson.parse("{\"poststart\":[{\"path\":\"/p\",\"args\":[1]}]}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/poststart/0/args/0", e.pointer());
        e = assertThrows(ConfigException.class,
                () -> HooksJson.parse("{\"poststart\":{}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/poststart", e.pointer());
    }
}
