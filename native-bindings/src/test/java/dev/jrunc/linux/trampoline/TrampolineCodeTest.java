package dev.jrunc.linux.trampoline;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Java copy of the machine code must be the assembled listing, byte for byte. */
class TrampolineCodeTest {
    private static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void javaBytesMatchTheAssembledListing() throws Exception {
        Path src = Path.of("src/main/asm/trampoline-x86_64.S").toAbsolutePath();
        assumeTrue(Files.exists(src), "listing not found from " + Path.of("").toAbsolutePath());
        assumeTrue(has("as") && has("objcopy"), "binutils (as, objcopy) not installed");
        Path dir = Files.createTempDirectory("tramp");
        try {
            Path obj = dir.resolve("t.o");
            Path bin = dir.resolve("t.bin");
            run("as", "--64", "-o", obj.toString(), src.toString());
            run("objcopy", "-O", "binary", "-j", ".text", obj.toString(), bin.toString());
            byte[] assembled = Files.readAllBytes(bin);
            assertEquals(HexFormat.of().formatHex(assembled), HexFormat.of().formatHex(Trampoline.code()),
                    "Trampoline.CODE is stale: run src/main/asm/assemble.sh and paste its output");
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }
}
