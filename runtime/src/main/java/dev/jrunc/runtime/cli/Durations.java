package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.JruncException;

/** Go duration strings ("5s", "1m30s", "250ms", "1.5h") as milliseconds. */
final class Durations {
    private Durations() {}

    static long parseMillis(String s) throws JruncException {
        String orig = s;
        if (s == null || s.isEmpty()) throw bad(orig);
        boolean neg = s.startsWith("-");
        if (neg || s.startsWith("+")) s = s.substring(1);
        if (s.equals("0")) return 0;
        double total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            if (start == i) throw bad(orig);
            double n;
            try {
                n = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw bad(orig);
            }
            int u = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
            double unit = switch (s.substring(u, i)) {
                case "ns" -> 1e-6;
                case "us", "µs", "μs" -> 1e-3;
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> throw bad(orig);
            };
            total += n * unit;
        }
        long ms = (long) total;
        return neg ? -ms : ms;
    }

    private static JruncException bad(String s) {
        return new JruncException("invalid value \"" + s + "\" for flag -interval: parse error");
    }
}
