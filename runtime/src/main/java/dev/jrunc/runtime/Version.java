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

    private static synchronized String[] load() {
        if (fields != null) return fields;
        String release = "unknown";
        String commit = "unknown";
        try (InputStream in = Version.class.getResourceAsStream("version.txt")) {
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
