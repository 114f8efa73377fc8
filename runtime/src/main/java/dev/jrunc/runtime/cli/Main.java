package dev.jrunc.runtime.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** Entry point of the jrunc binary: a runc-compatible command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err, System.in);
        System.out.flush();
        System.err.flush();
        // halt, not exit: nothing to run at shutdown, and System.exit initializes the
        // platform logging (it logs Runtime.exit), which costs startup time on every call
        Runtime.getRuntime().halt(rc);
    }

    /** Runs one command line without exiting; returns the exit status (0 success, 1 error). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.in);
    }

    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        // the schema validator logs through SLF4J without a provider: keep its notice off stderr,
        // where engines read our errors
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        return new Cli(out, err, in).execute(args);
    }
}
