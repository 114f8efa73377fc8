package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.RuntimeOptions;
import dev.jrunc.runtime.StateStore;
import dev.jrunc.runtime.Version;
import dev.jrunc.runtime.log.RuntimeLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Parses a jrunc command line and runs the subcommand. Global flags come before the
 * subcommand, as with runc (after it they are that command's unknown flags, as with runc).
 * Only the invoked subcommand's flags are built; picocli is loaded only to print help.
 */
final class Cli {
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private RuntimeLog log;

    Cli(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.log = RuntimeLog.toStderr(err);
    }

    static CommandFlags globalFlags() {
        CommandFlags s = new CommandFlags();
        Subcommand.flag(s, "enable debug logging", "--debug");
        Subcommand.value(s, "value", "set the log file to write jrunc logs to (default is '/dev/stderr')", "--log");
        Subcommand.value(s, "value", "set the log format ('text' (default), or 'json') (default: \"text\")",
                "--log-format");
        Subcommand.value(s, "value", "root directory for storage of container state (this should be located in tmpfs)"
                + " (default: \"/run/jrunc\", $XDG_RUNTIME_DIR/jrunc for other users)", "--root");
        Subcommand.value(s, "value", "path to the criu binary used for checkpoint and restore (default: \"criu\")",
                "--criu");
        Subcommand.flag(s, "enable systemd cgroup support, expects cgroupsPath to be of form"
                + " \"slice:prefix:name\" for e.g. \"system.slice:jrunc:434234\"", "--systemd-cgroup");
        Subcommand.value(s, "value", "ignore cgroup permission errors ('true', 'false', or 'auto') (default: \"auto\")",
                "--rootless");
        Subcommand.value(s, "value", "cgroup manager: 'cgroupfs' (default), 'systemd' or 'disabled'",
                "--cgroup-manager");
        Subcommand.flag(s, "show help", "--help", "-h");
        Subcommand.flag(s, "print the version", "--version", "-v");
        return s;
    }

    int execute(String[] args) {
        try {
            return dispatch(args);
        } catch (JruncException e) {
            log.fatal(e.getMessage());
            return 1;
        } catch (GoFlags.FlagError e) {
            log.fatal(e.getMessage());
            return 1;
        } catch (Exception e) {
            log.fatal(e.toString());
            if (log.debugEnabled()) e.printStackTrace(err);
            return 1;
        } finally {
            out.flush();
            log.close();
        }
    }

    private int dispatch(String[] args) throws Exception {
        GoFlags.Parsed g = GoFlags.parse(globalFlags(), args, 0, true, false);
        openLog(g);
        if (g.flag("--version")) {
            out.print(Version.text());
            return 0;
        }
        String name = g.next < args.length ? args[g.next] : null;
        if (name == null || g.flag("--help")) {
            Help.global(out);
            return 0;
        }
        if (name.equals("help") || name.equals("h")) {
            String topic = g.next + 1 < args.length ? args[g.next + 1] : null;
            if (topic == null) {
                Help.global(out);
                return 0;
            }
            Subcommand sub = Commands.lookup(topic);
            if (sub == null) throw new JruncException("No help topic for '" + topic + "'");
            Help.command(out, sub);
            return 0;
        }
        Subcommand sub = Commands.lookup(name);
        if (sub == null) throw new JruncException("jrunc: '" + name + "' is not a jrunc command; see 'jrunc --help'");
        GoFlags.Parsed p = GoFlags.parse(sub.flags(), args, g.next + 1, false, sub.ownsRest());
        if (p.flag("--help")) {
            Help.command(out, sub);
            return 0;
        }
        if (log.debugEnabled()) log.debug("jrunc " + String.join(" ", args));
        Invocation inv = new Invocation(name, p, out, err, in, log, new Options(g));
        return sub.execute(inv);
    }

    /** Opens the log the global flags ask for. */
    private void openLog(GoFlags.Parsed g) throws JruncException {
        RuntimeLog.Format format;
        try {
            format = RuntimeLog.parseFormat(g.value("--log-format"));
        } catch (IllegalArgumentException e) {
            throw new JruncException(e.getMessage());
        }
        String logPath = g.value("--log");
        boolean debug = g.flag("--debug");
        if (logPath != null || format != RuntimeLog.Format.TEXT || debug) {
            try {
                log = RuntimeLog.open(logPath, format, debug, err);
            } catch (IOException e) {
                throw new JruncException("open " + logPath + ": " + describe(e));
            }
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (m == null) return e.toString();
        int p = m.lastIndexOf(" (");   // FileOutputStream: "path (No such file or directory)"
        return p >= 0 && m.endsWith(")") ? m.substring(p + 2, m.length() - 1).toLowerCase(Locale.ROOT) : m;
    }

    /** The runtime options, resolved on first use (a class, not a lambda: no lambda bootstrap on the hot path). */
    private final class Options implements Supplier<RuntimeOptions> {
        private final GoFlags.Parsed globals;

        Options(GoFlags.Parsed globals) {
            this.globals = globals;
        }

        @Override
        public RuntimeOptions get() {
            return runtimeOptions(globals);
        }
    }

    private RuntimeOptions runtimeOptions(GoFlags.Parsed g) {
        String root = g.value("--root");
        Path rootDir = root == null || root.isEmpty() ? StateStore.defaultRoot() : Path.of(root).toAbsolutePath();
        String manager = g.value("--cgroup-manager");
        boolean systemd = g.flag("--systemd-cgroup") || "systemd".equals(manager);
        if (manager == null) manager = systemd ? "systemd" : "cgroupfs";
        String rootless = g.value("--rootless");
        String criu = g.value("--criu");
        return new RuntimeOptions(new StateStore(rootDir), systemd, manager, rootless == null ? "auto" : rootless,
                criu == null ? "criu" : criu, log);
    }
}
