package dev.jrunc.linux;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles and runs a tiny C program with gcc (test is skipped when gcc is absent). Each
 * expression is printed as {@code name value} (as a signed long long) and parsed into a map.
 */
final class CProbe {
    private CProbe() {}

    static boolean gccAvailable() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Evaluates {@code name -> C expression} pairs, with jrunc.h (and any extra includes) included. */
    static Map<String, Long> eval(Map<String, String> exprs, String... extraIncludes) throws Exception {
        Assumptions.assumeTrue(gccAvailable(), "gcc not available");
        Path dir = Files.createTempDirectory("jrunc-cprobe");
        try {
            StringBuilder src = new StringBuilder();
            src.append("#include \"jrunc.h\"\n#include <stdio.h>\n#include <stddef.h>\n");
            for (String inc : extraIncludes) {
                src.append("#include <").append(inc).append(">\n");
            }
            src.append("int main(void) {\n");
            for (Map.Entry<String, String> e : exprs.entrySet()) {
                src.append("  printf(\"%s %lld\\n\", \"").append(e.getKey()).append("\", (long long)(")
                        .append(e.getValue()).append("));\n");
            }
            src.append("  return 0;\n}\n");
            Path c = dir.resolve("probe.c");
            Files.writeString(c, src);
            Path include = Path.of("src/main/c").toAbsolutePath();
            Path exe = dir.resolve("probe");
            run(List.of("gcc", "-w", "-I" + include, "-o", exe.toString(), c.toString()));
            String out = run(List.of(exe.toString()));
            Map<String, Long> values = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int sp = line.lastIndexOf(' ');
                values.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
            }
            return values;
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Convenience: each name is also the C expression. */
    static Map<String, Long> evalNames(List<String> names, String... extraIncludes) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return eval(m, extraIncludes);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed:\n" + out);
        }
        return out;
    }
}
