package dev.jrunc.spec.state;

import dev.jrunc.spec.ConfigException;
import dev.jrunc.spec.internal.JsonIn;
import dev.jrunc.spec.internal.JsonOut;
import dev.jrunc.spec.internal.ShapeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads and writes the state document. */
public final class StateJson {
    private StateJson() {}

    /**
     * runc-style output: members in runc's order (ociVersion, id, pid, status, bundle, rootfs, created,
     * annotations when not empty, owner), two-space indent, {@code created} in RFC 3339 with up to
     * nanosecond precision in UTC. No trailing newline.
     */
    public static String write(State s) {
        return write(s, true);
    }

    /** Compact (one line, as in runc's {@code list --format json}) or indented. */
    public static String write(State s, boolean indent) {
        JsonOut o = new JsonOut(indent).beginObject();
        o.name("ociVersion").string(nz(s.ociVersion()));
        o.name("id").string(nz(s.id()));
        o.name("pid").number(s.pid());
        o.name("status").string(nz(s.status()));
        o.name("bundle").string(nz(s.bundle()));
        o.name("rootfs").string(nz(s.rootfs()));
        o.name("created").string(formatTime(s.created() == null ? Instant.EPOCH : s.created()));
        if (!s.annotations().isEmpty()) o.stringMap("annotations", s.annotations());
        o.name("owner").string(nz(s.owner()));
        return o.endObject().toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros, none when zero. */
    public static String formatCreated(Instant t) {
        return formatTime(t == null ? Instant.EPOCH : t);
    }

    /**
     * RFC 3339 time as written by {@link #formatTime} ({@code 2026-12-03T08:13:35.123Z}) by hand,
     * anything else through {@link Instant#parse}: the JDK's formatter machinery costs
     * tens of milliseconds on the first call, and {@code state} reads one per call.
     */
    static Instant parseTime(String t) {
        int n = t.length();
        if (n >= 20 && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T' && t.charAt(13) == ':'
                && t.charAt(16) == ':' && t.charAt(n - 1) == 'Z') {
            try {
                int month = Integer.parseInt(t, 5, 7, 10), day = Integer.parseInt(t, 8, 10, 10);
                if (month < 1 || month > 12 || day < 1 || day > 31) return Instant.parse(t);
                long days = epochDay(Integer.parseInt(t, 0, 4, 10), month, day);
                long secs = days * 86400 + Integer.parseInt(t, 11, 13, 10) * 3600L
                        + Integer.parseInt(t, 14, 16, 10) * 60L + Integer.parseInt(t, 17, 19, 10);
                long nanos = 0;
                if (n > 20) {
                    if (t.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) return Instant.parse(t);
                    nanos = Long.parseLong(t, 20, n - 1, 10);
                    for (int d = n - 21; d < 9; d++) nanos *= 10;
                } else if (t.charAt(19) != 'Z') {
                    return Instant.parse(t);
                }
                return Instant.ofEpochSecond(secs, nanos);
            } catch (NumberFormatException | java.time.DateTimeException e) {
                return Instant.parse(t);
            }
        }
        return Instant.parse(t);
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date, by arithmetic: LocalDate.of
     * initializes java.time.Year, whose static formatter costs ~20 ms at startup.
     */
    static long epochDay(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    static String formatTime(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int n = t.getNano();
        if (n != 0) {
            StringBuilder f = new StringBuilder();
            pad(f, n, 9);
            int end = f.length();
            while (f.charAt(end - 1) == '0') end--;
            sb.append('.').append(f, 0, end);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        return sb.append(s);
    }

    /** Parses a state document (ours or runc's); unknown members are skipped. */
    public static State parse(byte[] json) throws ConfigException {
        try (JsonIn in = new JsonIn(json)) {
            in.startDocument();
            String ociVersion = null, id = null, status = null, bundle = null, rootfs = null, owner = null;
            int pid = 0;
            Instant created = null;
            Map<String, String> annotations = null;
            String f;
            while ((f = in.nextField()) != null) {
                if (in.isNull()) continue;
                String p = "/" + JsonIn.escape(f);
                switch (f) {
                    case "ociVersion": ociVersion = in.string(p); break;
                    case "id": id = in.string(p); break;
                    case "status": status = in.string(p); break;
                    case "pid": pid = in.int32(p); break;
                    case "bundle": bundle = in.string(p); break;
                    case "rootfs": rootfs = in.string(p); break;
                    case "owner": owner = in.string(p); break;
                    case "annotations": annotations = in.stringMap(p); break;
                    case "created": {
                        String t = in.string(p);
                        try {
                            created = parseTime(t);
                        } catch (DateTimeParseException e) {
                            throw new ConfigException(p, "must be an RFC 3339 time");
                        }
                        break;
                    }
                    default: in.skip();
                }
            }
            in.expectEnd();
            if (ociVersion == null) throw JsonIn.required("", "ociVersion");
            if (id == null) throw JsonIn.required("", "id");
            if (status == null) throw JsonIn.required("", "status");
            return new State(ociVersion, id, status, pid, bundle, rootfs, created, owner, annotations);
        } catch (ShapeException e) {
            throw new ConfigException(e.pointer(), e.detail());
        }
    }

}
