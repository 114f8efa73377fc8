package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher starts each command from the AOT cache of its group, and the JVM accepts it:
 * a cache made with other flags or another jar would be ignored silently, so this runs the
 * JVM with -XX:AOTMode=on (a refused cache is then an error) and checks where the main class
 * came from.
 */
class AotCacheTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({
        "version, --version",
        "light, list",
        "light, state nosuch",
        "control, kill nosuch KILL",
        "control, delete nosuch",
        "exec, exec nosuch true",
        "launch, create --bundle /nonexistent nosuch",
    })
    void eachCommandStartsFromItsGroupsCache(String group, String args) throws IOException {
        assumeTrue(Jrunc.isJrunc(), "jrunc's launcher");
        Path cache = Jrunc.binary().getParent().getParent().resolve("runtime/target/aot/" + group + ".aot");
        assertTrue(Files.isRegularFile(cache), "the build made no " + cache + " (see runtime/target/train-aot.log)");
        Path log = work.resolve("classes.log");
        List<String> cmd = new ArrayList<>(List.of(Jrunc.binary().toString(), "--root", work.resolve("root").toString()));
        cmd.addAll(List.of(args.split(" ")));
        Jrunc.Result r = Jrunc.execRaw(cmd,
                Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on -Xlog:class+load=info:file=" + log),
                null, Jrunc.TIMEOUT, Files.createDirectories(work.resolve("out")));
        // the command's own result: 0 for --version and list; for a missing container runc's
        // status (1, or 255 from exec) and wording
        if (args.startsWith("create")) {
            assertEquals(1, r.exit(), r::toString);
        } else if (args.contains("nosuch")) {
            assertEquals(args.startsWith("exec") ? 255 : 1, r.exit(), r::toString);
            assertTrue(r.err().contains("does not exist"), r::toString);
        } else {
            assertEquals(0, r.exit(), r::toString);
        }
        String main = Files.readAllLines(log).stream().filter(l -> l.contains(" dev.jrunc.runtime.cli.Main "))
                .findFirst().orElseThrow(() -> new AssertionError("Main was not loaded? " + r));
        assertTrue(main.contains("source: shared objects file"), "Main did not come from " + cache + ": " + main);
    }
}
