package dev.jrunc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.internal.ConfigParser;
import dev.jrunc.spec.internal.ShapeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

    @Test
    void corpusIsThere() {
        assertTrue(Corpus.docs("valid").size() >= 10);
        assertTrue(Corpus.docs("invalid").size() >= 40);
        for (Corpus.Doc d : Corpus.docs("invalid")) assertNotNull(d.expect(), d.name() + " has no .expect");
    }

    @TestFactory
    Stream<DynamicTest> validDocumentsAreAccepted() {
        return Corpus.docs("valid").stream().map(d -> dynamicTest(d.name(), () -> {
            Config c = ConfigLoader.parse(d.json());
            assertNotNull(c.ociVersion());
            assertEquals(List.of(), SchemaCheck.validate(d.json()), "schema");
            assertEquals(List.of(), SemanticValidator.check(c, Corpus.FAKE_PROBE), "semantic");
            assertEquals(List.of(), ConfigValidator.validate(d.json(), Corpus.FAKE_PROBE), "validator");
        }));
    }

    /** Fast parser rejects exactly the documents the schema rejects (type/shape class). */
    @TestFactory
    Stream<DynamicTest> fastParserAndSchemaAgree() {
        return Stream.concat(Corpus.docs("valid").stream(), Corpus.docs("invalid").stream())
                .map(d -> dynamicTest(d.name(), () -> {
                    boolean fastRejects;
                    try {
                        ConfigParser.parse(d.json());
                        fastRejects = false;
                    } catch (ShapeException e) {
                        fastRejects = true;
                    }
                    boolean schemaRejects = !SchemaCheck.validate(d.json()).isEmpty();
                    assertEquals(fastRejects, schemaRejects, "fast parser rejects=" + fastRejects
                            + " but schema rejects=" + schemaRejects + " " + SchemaCheck.validate(d.json()));
                }));
    }

    @TestFactory
    Stream<DynamicTest> shapeErrorsAreExplained() {
        return Corpus.docs("invalid").stream().filter(d -> !d.semantic()).map(d -> dynamicTest(d.name(), () -> {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(d.json()));
            assertTrue(e.getMessage().startsWith(d.expect()), "got: " + e.getMessage() + "\nwant: " + d.expect());
            assertEquals(e.violations().get(0).toString(), e.getMessage());
            List<Violation> all = ConfigValidator.validate(d.json(), Corpus.FAKE_PROBE);
            assertFalse(all.isEmpty());
            assertTrue(all.stream().anyMatch(v -> v.toString().startsWith(d.expect())), "validate: " + all);
        }));
    }

    @TestFactory
    Stream<DynamicTest> semanticErrorsAreFound() {
        return Corpus.docs("invalid").stream().filter(Corpus.Doc::semantic).map(d -> dynamicTest(d.name(), () -> {
            Config c = ConfigLoader.parse(d.json()); // well shaped
            assertEquals(List.of(), SchemaCheck.validate(d.json()), "schema must accept semantic-only errors");
            List<Violation> vs = SemanticValidator.check(c, Corpus.FAKE_PROBE);
            assertFalse(vs.isEmpty());
            assertTrue(vs.get(0).toString().startsWith(d.expect()), "got: " + vs + "\nwant: " + d.expect());
            assertEquals(vs, ConfigValidator.validate(d.json(), Corpus.FAKE_PROBE));
        }));
    }

    @TestFactory
    Stream<DynamicTest> loadRunsEverything(@TempDir Path tmp) {
        return Corpus.docs("invalid").stream().map(d -> dynamicTest(d.name(), () -> {
            Path bundle = Files.createDirectories(tmp.resolve(d.name()));
            Files.write(bundle.resolve("config.json"), d.json());
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(bundle, Corpus.FAKE_PROBE));
            assertTrue(e.getMessage().startsWith(d.expect()), "got: " + e.getMessage() + "\nwant: " + d.expect());
        }));
    }

    @Test
    void loadWithTheDefaultProbeReadsProcLinks(@TempDir Path tmp) throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("b"));
        Files.write(bundle.resolve("config.json"), Corpus.bytes("invalid", "sem-namespace-path-wrong-type.json"));
        if (Files.isSymbolicLink(Path.of("/proc/self/ns/ipc"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(bundle));
            assertEquals("/linux/namespaces/1/path", e.pointer());
        }
        Files.write(bundle.resolve("config.json"), Corpus.bytes("valid", "runc-default.json"));
        assertEquals("runc", ConfigLoader.load(bundle).hostname());
    }

    @Test
    void missingConfigJson(@TempDir Path tmp) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(tmp));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }
}
