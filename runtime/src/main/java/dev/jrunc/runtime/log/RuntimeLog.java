package dev.jrunc.runtime.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The runtime's log, in the two line formats engines read from runc: logrus text
 * ({@code time="..." level=error msg="..."}) and logrus JSON
 * ({@code {"level":"error","msg":"...","time":"..."}}), one entry per line.
 *
 * <p>Without a log file, entries go to stderr. With one, entries are appended to the
 * file and {@link #fatal} also prints the bare message on stderr, as runc does, so
 * that an engine reading the runtime's stderr still sees why it failed.
 */
public final class RuntimeLog {
    /** Log levels, in logrus order. */
    public enum Level {
        ERROR("error"), WARN("warning"), INFO("info"), DEBUG("debug");

        final String word;

        Level(String word) {
            this.word = word;
        }
    }

    /** Line formats accepted by {@code --log-format}. */
    public enum Format { TEXT, JSON }

    private final OutputStream sink;     // the file, or stderr
    private final PrintStream stderr;
    private final boolean toFile;
    private final Format format;
    private final boolean debug;

    private RuntimeLog(OutputStream sink, PrintStream stderr, boolean toFile, Format format, boolean debug) {
        this.sink = sink;
        this.stderr = stderr;
        this.toFile = toFile;
        this.format = format;
        this.debug = debug;
    }

    /** A log that writes to {@code stderr} in text format; used until the flags are parsed. */
    public static RuntimeLog toStderr(PrintStream stderr) {
        return new RuntimeLog(stderr, stderr, false, Format.TEXT, false);
    }

    /**
     * Parses a {@code --log-format} value.
     *
     * @throws IllegalArgumentException with runc's wording for an unknown format
     */
    public static Format parseFormat(String value) {
        if (value == null || value.equals("text")) return Format.TEXT;
        if (value.equals("json")) return Format.JSON;
        throw new IllegalArgumentException("invalid log-format: " + value);
    }

    /**
     * Opens the log as the global flags ask.
     *
     * @param path the {@code --log} file, or null (or "/dev/stderr") for stderr; appended to, created 0644
     * @throws IOException when the file cannot be opened
     */
    public static RuntimeLog open(String path, Format format, boolean debug, PrintStream stderr) throws IOException {
        if (path == null || path.isEmpty() || path.equals("/dev/stderr")) {
            return new RuntimeLog(stderr, stderr, false, format, debug);
        }
        OutputStream file = new FileOutputStream(path, true);
        return new RuntimeLog(file, stderr, true, format, debug);
    }

    public boolean debugEnabled() {
        return debug;
    }

    public void debug(String msg) {
        if (debug) write(Level.DEBUG, msg);
    }

    public void info(String msg) {
        write(Level.INFO, msg);
    }

    public void warn(String msg) {
        write(Level.WARN, msg);
    }

    public void error(String msg) {
        write(Level.ERROR, msg);
    }

    /** The error a command ends with: logged at error level last, and echoed bare on stderr when logging to a file. */
    public void fatal(String msg) {
        write(Level.ERROR, msg);
        if (toFile) {
            stderr.println(msg);
            stderr.flush();
        }
    }

    /** Closes the log file, if any; stderr stays open. */
    public void close() {
        if (toFile) {
            try {
                sink.close();
            } catch (IOException ignored) {
                // nothing left to report it to
            }
        }
    }

    private void write(Level level, String msg) {
        String line = format(format, level, msg, now()) + "\n";
        try {
            sink.write(line.getBytes(StandardCharsets.UTF_8));
            sink.flush();
        } catch (IOException e) {
            stderr.print(line);
        }
    }

    /** RFC 3339 local time to the second, as logrus writes it. */
    static String now() {
        long seconds = Math.floorDiv(System.currentTimeMillis(), 1000L);
        if (localZoneIsUtc()) return utc(seconds);
        // the zone database costs startup time; only a non-UTC host pays for it
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Whether local time is UTC, decided as Go does: TZ, else /etc/localtime (absent means UTC). */
    static boolean localZoneIsUtc() {
        String tz = System.getenv("TZ");
        if (tz != null) {
            if (tz.startsWith(":")) tz = tz.substring(1);
            return tz.isEmpty() || isUtcName(tz);
        }
        Path lt = Path.of("/etc/localtime");
        if (!Files.exists(lt, LinkOption.NOFOLLOW_LINKS)) return true;
        try {
            return isUtcName(Files.readSymbolicLink(lt).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isUtcName(String name) {
        String n = name.substring(name.lastIndexOf('/') + 1);
        return n.equals("UTC") || n.equals("UCT") || n.equals("Zulu") || n.equals("Universal")
                || ((n.equals("GMT") || n.equals("GMT0") || n.equals("GMT+0") || n.equals("GMT-0")) && !name.contains("posix"));
    }

    /** Seconds since the epoch as {@code yyyy-MM-ddTHH:mm:ssZ}. */
    static String utc(long epochSeconds) {
        long days = Math.floorDiv(epochSeconds, 86400L);
        long secs = Math.floorMod(epochSeconds, 86400L);
        // civil date from days since 1970-01-01 (proleptic Gregorian)
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) y++;
        StringBuilder b = new StringBuilder(20);
        pad(b, y, 4).append('-');
        pad(b, m, 2).append('-');
        pad(b, d, 2).append('T');
        pad(b, secs / 3600, 2).append(':');
        pad(b, secs / 60 % 60, 2).append(':');
        pad(b, secs % 60, 2).append('Z');
        return b.toString();
    }

    private static StringBuilder pad(StringBuilder b, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) b.append('0');
        return b.append(s);
    }

    /** One log line, without its newline. */
    public static String format(Format format, Level level, String msg, String time) {
        if (format == Format.JSON) {
            StringBuilder b = new StringBuilder(msg.length() + 64);
            b.append("{\"level\":\"").append(level.word).append("\",\"msg\":");
            jsonString(b, msg);
            b.append(",\"time\":");
            jsonString(b, time);
            return b.append('}').toString();
        }
        StringBuilder b = new StringBuilder(msg.length() + 64);
        b.append("time=");
        textValue(b, time);
        b.append(" level=").append(level.word).append(" msg=");
        textValue(b, msg);
        return b.toString();
    }

    /** logrus text quoting: bare when every character is in [A-Za-z0-9-._/@^+], else a Go-style quoted string. */
    private static void textValue(StringBuilder b, String s) {
        boolean bare = !s.isEmpty();
        for (int i = 0; i < s.length() && bare; i++) {
            char c = s.charAt(i);
            bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+';
        }
        if (bare) {
            b.append(s);
        } else {
            quoted(b, s, false);
        }
    }

    private static void jsonString(StringBuilder b, String s) {
        quoted(b, s, true);
    }

    private static void quoted(StringBuilder b, String s, boolean json) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(json ? String.format("\\u%04x", (int) c) : String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
