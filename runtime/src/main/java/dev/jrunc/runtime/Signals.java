package dev.jrunc.runtime;

/** Signal names and numbers (Linux, x86-64 and arm64 numbering) as {@code kill} accepts them. */
public final class Signals {
    private Signals() {}

    public static final int SIGRTMIN = 34;   // glibc's, as the kernel's 32 plus the two it reserves
    public static final int SIGRTMAX = 64;

    private static final String[] NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
        "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    };

    /**
     * Parses a signal the way runc does: a number, or a name with or without the SIG
     * prefix in any case ({@code 9}, {@code KILL}, {@code SIGKILL}, {@code sigkill});
     * also the aliases IOT, CLD, POLL and {@code RTMIN+n}/{@code RTMAX-n}.
     *
     * @throws JruncException {@code unknown signal "X"}
     */
    public static int parse(String raw) throws JruncException {
        if (raw == null || raw.isEmpty()) throw new JruncException("unknown signal \"\"");
        if (isDigits(raw)) {
            int n;
            try {
                n = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new JruncException("unknown signal \"" + raw + "\"");
            }
            if (n > SIGRTMAX) throw new JruncException("unknown signal \"" + raw + "\"");
            return n;
        }
        String name = raw.toUpperCase(java.util.Locale.ROOT);
        if (name.startsWith("SIG")) name = name.substring(3);
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) return i;
        }
        switch (name) {
            case "IOT": return 6;
            case "CLD": return 17;
            case "POLL": return 29;
            case "RTMIN": return SIGRTMIN;
            case "RTMAX": return SIGRTMAX;
            default: break;
        }
        int n = -1;
        if (name.startsWith("RTMIN+") && isDigits(name.substring(6))) {
            n = SIGRTMIN + Integer.parseInt(name.substring(6));
        } else if (name.startsWith("RTMAX-") && isDigits(name.substring(6))) {
            n = SIGRTMAX - Integer.parseInt(name.substring(6));
        }
        if (n >= SIGRTMIN && n <= SIGRTMAX) return n;
        throw new JruncException("unknown signal \"" + raw + "\"");
    }

    /** The SIG-prefixed name of a signal number, or its number as text. */
    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) return "SIG" + NAMES[sig];
        if (sig >= SIGRTMIN && sig <= SIGRTMAX) return "SIGRTMIN+" + (sig - SIGRTMIN);
        return Integer.toString(sig);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }
}
