package dev.jrunc.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Access to src/test/resources/corpus. */
final class Corpus {
    private Corpus() {}

    record Doc(String name, byte[] json, String expect) {
        boolean semantic() {
            return name.startsWith("sem-");
        }
    }

    static Path dir(String which) {
        try {
            return Path.of(Corpus.class.getResource("/corpus/" + which).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Doc> docs(String which) {
        try (Stream<Path> s = Files.list(dir(which))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().map(Corpus::doc).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String which, String name) {
        try {
            return Files.readAllBytes(dir(which).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Doc doc(Path p) {
        try {
            String name = p.getFileName().toString().replaceFirst("\\.json$", "");
            Path exp = p.resolveSibling(name + ".expect");
            String expect = Files.exists(exp) ? Files.readString(exp, StandardCharsets.UTF_8).strip() : null;
            return new Doc(name, Files.readAllBytes(p), expect);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A probe for tests: /proc/N/ns/TYPE and .../netns/... paths, no file access. */
    static final NamespaceTypeProbe FAKE_PROBE = path -> {
        int i = path.indexOf("/ns/");
        if (path.startsWith("/proc/") && i > 0) return path.substring(i + 4);
        if (path.contains("/netns/")) return "net";
        return null;
    };
}
