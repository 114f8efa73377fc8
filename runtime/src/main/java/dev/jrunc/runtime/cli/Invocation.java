package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.ContainerRuntime;
import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.RuntimeOptions;
import dev.jrunc.runtime.StateStore;
import dev.jrunc.runtime.log.RuntimeLog;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** A parsed subcommand: its options and arguments, the streams, and the runtime the global flags describe. */
final class Invocation {
    final String command;
    final GoFlags.Parsed parsed;
    final PrintStream out;
    final PrintStream err;
    final InputStream in;
    final RuntimeLog log;
    private final Supplier<RuntimeOptions> options;
    private ContainerRuntime runtime;

    Invocation(String command, GoFlags.Parsed parsed, PrintStream out, PrintStream err, InputStream in,
               RuntimeLog log, Supplier<RuntimeOptions> options) {
        this.command = command;
        this.parsed = parsed;
        this.out = out;
        this.err = err;
        this.in = in;
        this.log = log;
        this.options = options;
    }

    /** The runtime, built on first use (resolving the default root only then). */
    ContainerRuntime runtime() {
        if (runtime == null) runtime = new ContainerRuntime(options.get());
        return runtime;
    }

    StateStore store() {
        return runtime().store();
    }

    boolean flag(String name) {
        return parsed.flag(name);
    }

    String string(String name, String dflt) {
        String v = parsed.value(name);
        return v == null ? dflt : v;
    }

    List<String> strings(String name) {
        return parsed.list(name);
    }

    /** An integer flag, with Go's wording for a bad value. */
    int integer(String name, int dflt) throws JruncException {
        String v = string(name, null);
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new JruncException("invalid value \"" + v + "\" for flag -" + name.substring(2) + ": parse error");
        }
    }

    /** The bundle directory: {@code --bundle}, or the working directory. */
    Path bundle() {
        String b = string("--bundle", null);
        return (b == null || b.isEmpty() ? Path.of("") : Path.of(b)).toAbsolutePath().normalize();
    }

    List<String> args() {
        return parsed.positionals;
    }

    String arg(int i) {
        return args().get(i);
    }

    void exactArgs(int n) throws JruncException {
        if (args().size() != n) usage("requires exactly " + n + " argument(s)");
    }

    void minArgs(int n) throws JruncException {
        if (args().size() < n) usage("requires a minimum of " + n + " argument(s)");
    }

    void maxArgs(int n) throws JruncException {
        if (args().size() > n) usage("requires a maximum of " + n + " argument(s)");
    }

    private void usage(String what) throws JruncException {
        throw new JruncException("jrunc: \"" + command + "\" " + what);
    }
}
