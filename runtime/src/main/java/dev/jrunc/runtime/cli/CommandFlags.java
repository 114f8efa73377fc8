package dev.jrunc.runtime.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags one command accepts. A plain model instead of picocli's on purpose: building
 * and parsing with picocli costs ~110 ms of JVM startup per call (measured), and engines
 * call the runtime several times per container; picocli only renders help from this model.
 */
final class CommandFlags {
    enum Kind { FLAG, VALUE, LIST }

    /** One option: its names ("--bundle", "-b"), what it takes, and its help. */
    record Option(String[] names, Kind kind, String label, String description, boolean hidden) {
        /** The first long name, the key the parsed values are stored under. */
        String key() {
            for (String n : names) {
                if (n.startsWith("--")) return n;
            }
            return names[0];
        }
    }

    private final List<Option> options = new ArrayList<>();
    private final Map<String, Option> byName = new HashMap<>();

    CommandFlags add(Option o) {
        options.add(o);
        for (String n : o.names()) byName.put(n.startsWith("--") ? n.substring(2) : n.substring(1), o);
        return this;
    }

    /** The option named {@code name} (without dashes), or null. */
    Option find(String name) {
        return byName.get(name);
    }

    List<Option> options() {
        return options;
    }
}
