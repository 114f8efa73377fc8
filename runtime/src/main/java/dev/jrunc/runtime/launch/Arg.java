package dev.jrunc.runtime.launch;

import java.util.List;

/**
 * One argument of a plan step. Values that are pointers in the kernel ABI (strings,
 * structs, argv arrays) stay symbolic here; the plan compiler places them in the
 * plan's own memory, so the same plan prints, compares and runs.
 */
public sealed interface Arg {

    /** An integer argument; {@code shown} is how strace would print it (null: decimal). */
    record Num(long value, String shown) implements Arg {}

    /** A NUL-terminated string. */
    record Str(String value) implements Arg {}

    /** A buffer or struct in plan memory; the pointer is passed. */
    record Bytes(byte[] value, String shown) implements Arg {}

    /**
     * A {@code struct sock_fprog} whose {@code filter} pointer points at {@code program}
     * (classic BPF, 8 bytes an instruction); both are placed in plan memory.
     */
    record SockFprog(byte[] program, String shown) implements Arg {}

    /**
     * A {@code struct msghdr} for sendmsg(2): {@code payload} in one iovec and descriptor
     * {@code fd} (a number fixed in the plan) as one SCM_RIGHTS control message; the header,
     * iovec, payload and control buffer are all placed in plan memory.
     */
    record SendFd(byte[] payload, int fd) implements Arg {}

    /** A NULL-terminated array of strings (argv, envp). */
    record StrArray(List<String> values) implements Arg {
        public StrArray { values = List.copyOf(values); }
    }

    /** The result of an earlier step (an fd it opened, say). */
    record Result(int step) implements Arg {}

    /** Pointer to the trampoline's READY record (written to the error fd). */
    record ReadyRecord() implements Arg {}

    Arg NULL = new Num(0, "NULL");

    static Arg num(long v) { return new Num(v, null); }

    static Arg flags(long v, String shown) { return new Num(v, shown); }

    static Arg str(String s) { return s == null ? NULL : new Str(s); }

    static Arg result(int step) { return new Result(step); }

    /** strace-like rendering. */
    default String render() {
        return switch (this) {
            case Num n -> n.shown() != null ? n.shown() : Long.toString(n.value());
            case Str s -> quote(s.value());
            case Bytes b -> b.shown() != null ? b.shown() : "<" + b.value().length + " bytes>";
            case SockFprog f -> "{len=" + f.program().length / 8 + ", filter=" + (f.shown() != null ? f.shown() : "...") + "}";
            case SendFd m -> "{msg_iov=[" + quote(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
                    + "], msg_control=[{SOL_SOCKET, SCM_RIGHTS, [" + m.fd() + "]}]}";
            case StrArray a -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < a.values().size(); i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(quote(a.values().get(i)));
                }
                yield sb.append(']').toString();
            }
            case Result r -> "$" + r.step();
            case ReadyRecord r -> "{READY}";
        };
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
