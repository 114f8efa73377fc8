package dev.jrunc.runtime.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses flags the way runc's parser does (Go's {@code flag} package under urfave/cli), so
 * engines can call jrunc exactly as they call runc:
 * <ul>
 *   <li>a long flag may start with one dash or two: {@code -no-subreaper}, {@code --no-subreaper};
 *       a short one too ({@code --d} is {@code -d});</li>
 *   <li>a value follows {@code =} or comes as the next argument, even when it starts with a dash
 *       ({@code --memory-swap -1});</li>
 *   <li>a boolean flag takes an optional {@code =value} in Go's spellings ({@code --no-pivot=false});</li>
 *   <li>a repeated flag: the last value wins, list flags collect every value;</li>
 *   <li>flags may follow arguments (urfave reorders them), except where the command owns
 *       everything after its first argument (exec's command, ps's options);
 *       {@code --} ends the flags.</li>
 * </ul>
 * As a convenience, single-letter boolean flags may be clustered ({@code -td}).
 */
final class GoFlags {
    private GoFlags() {}

    /** A command-line error, reported as a usage error. */
    static final class FlagError extends RuntimeException {
        FlagError(String message) {
            super(message);
        }
    }

    /** What was parsed, keyed by each option's first long name ("--bundle"). */
    static final class Parsed {
        final Map<String, String> values = new HashMap<>();
        final Map<String, List<String>> lists = new HashMap<>();
        final List<String> positionals = new ArrayList<>();
        /** Index of the first argument not consumed (the subcommand, for the global flags). */
        int next;

        boolean flag(String key) {
            return "true".equals(values.get(key));
        }

        String value(String key) {
            return values.get(key);
        }

        List<String> list(String key) {
            List<String> l = lists.get(key);
            return l == null ? List.of() : l;
        }
    }

    /**
     * Parses {@code args[from..]}.
     *
     * @param untilPositional stop at the first argument that is not a flag, without consuming it
     *                        (the global flags stop at the subcommand)
     * @param ownsRest        everything from the first argument on is an argument (exec, ps)
     */
    static Parsed parse(CommandFlags spec, String[] args, int from, boolean untilPositional, boolean ownsRest) {
        Parsed p = new Parsed();
        int i = from;
        while (i < args.length) {
            String a = args[i];
            if (a.equals("--")) {
                if (untilPositional) break;
                for (i++; i < args.length; i++) p.positionals.add(args[i]);
                break;
            }
            if (a.length() < 2 || a.charAt(0) != '-') {
                if (untilPositional) break;
                if (ownsRest) {
                    for (; i < args.length; i++) p.positionals.add(args[i]);
                    break;
                }
                p.positionals.add(a);
                i++;
                continue;
            }
            String body = a.startsWith("--") ? a.substring(2) : a.substring(1);
            if (body.isEmpty() || body.charAt(0) == '-' || body.charAt(0) == '=') {
                throw new FlagError("bad flag syntax: " + a);
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? null : body.substring(eq + 1);
            CommandFlags.Option o = spec.find(name);
            if (o == null) {
                if (value == null && !a.startsWith("--") && cluster(spec, name, p)) {
                    i++;
                    continue;
                }
                throw new FlagError("flag provided but not defined: -" + name);
            }
            String key = o.key();
            if (key.equals("--rootless") && o.kind() == CommandFlags.Kind.VALUE) {
                // runc's takes a value (true|false|auto), crun's is bare: accept both
                if (value == null) {
                    value = i + 1 < args.length && isRootlessValue(args[i + 1]) ? args[++i] : "true";
                }
                p.values.put(key, value.toLowerCase(Locale.ROOT));
                i++;
                continue;
            }
            if (o.kind() == CommandFlags.Kind.FLAG) {
                boolean on = value == null || parseBool(value, name);
                if (on) p.values.put(key, "true");
                else p.values.remove(key);
                i++;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) throw new FlagError("flag needs an argument: -" + name);
                value = args[++i];
            }
            if (o.kind() == CommandFlags.Kind.LIST) {
                p.lists.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } else {
                p.values.put(key, value);
            }
            i++;
        }
        p.next = i;
        return p;
    }

    /** {@code -td}: every letter a single-letter boolean flag. */
    private static boolean cluster(CommandFlags spec, String letters, Parsed p) {
        if (letters.length() < 2) return false;
        for (int k = 0; k < letters.length(); k++) {
            CommandFlags.Option o = spec.find(letters.substring(k, k + 1));
            if (o == null || o.kind() != CommandFlags.Kind.FLAG) return false;
        }
        for (int k = 0; k < letters.length(); k++) {
            p.values.put(spec.find(letters.substring(k, k + 1)).key(), "true");
        }
        return true;
    }

    private static boolean isRootlessValue(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("false") || v.equals("auto");
    }

    /** Go's strconv.ParseBool. */
    static boolean parseBool(String v, String flag) {
        switch (v) {
            case "1", "t", "T", "true", "TRUE", "True":
                return true;
            case "0", "f", "F", "false", "FALSE", "False":
                return false;
            default:
                throw new FlagError("invalid boolean value \"" + v + "\" for -" + flag + ": parse error");
        }
    }
}
