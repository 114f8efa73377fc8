package dev.jrunc.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The version lines: release, git commit and the runtime-spec version, baked in at build time. */
public final class Version {
    private Version() {}

    /** The runtime-spec version this build implements. */
    public static final String SPEC = "1.2.0";

    private static String[] fields;

    public static String release() {
        return load()[0];
    }

    public static String commit() {
        return load()[1];
    }

    /** The three lines {@code --version} prints, as runc prints its first three. */
    public static String text() {
        return "jrunc version " + release() + "\ncommit: " + commit() + "\nspec: " + SPEC + "\n";
    }

    /**
     * The launcher's copy beside the jar (plain file I/O), else the resource: reading a
     * resource out of the jar loads the URL and zip machinery, ~15 ms of startup.
     */
    private static InputStream open() throws IOException {
        String home = System.getProperty("jrunc.home");
        if (home != null) {
            java.nio.file.Path p = java.nio.file.Path.of(home, "runtime", "target", "version.txt");
            if (java.nio.file.Files.isReadable(p)) return java.nio.file.Files.newInputStream(p);
        }
        return Version.class.getResourceAsStream("version.txt");
    }

    private static synchronized String[] load() {
        if (fields != null) return fields;
        String release = "unknown";
        String commit = "unknown";
        try (InputStream in = open()) {
            if (in != null) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq < 0) continue;
                    String k = line.substring(0, eq).trim();
                    String v = line.substring(eq + 1).trim();
                    if (v.isEmpty() || v.contains("${")) continue;   // not filtered: keep "unknown"
                    if (k.equals("version")) release = v;
                    else if (k.equals("commit")) commit = v;
                }
            }
        } catch (IOException ignored) {
            // keep the defaults
        }
        fields = new String[] {release, commit};
        return fields;
    }
}
