package dev.jrunc.linux.trampoline;

/**
 * One syscall argument of a plan entry.
 *
 * <ul>
 *   <li>{@link Literal}: a number, optionally with the text {@link Plan#describe()} prints for it;</li>
 *   <li>{@link Result}: "the saved result of entry k" (k &lt; this entry), resolved by the trampoline
 *       in the child, e.g. an fd opened by an earlier step;</li>
 *   <li>{@link Data}: a pointer into the plan's own memory (a C string, struct, argv array ...);</li>
 *   <li>{@link #THREAD_RSEQ_AREA}: the calling thread's rseq area, filled in by
 *       {@link Trampoline#launch} on the launching thread.</li>
 * </ul>
 */
public sealed interface Arg permits Arg.Literal, Arg.Result, Data, Arg.Special {

    /** The NULL pointer. */
    Arg NULL = new Literal(0, "NULL");

    /** Address of the launching thread's rseq area (thread pointer + glibc's {@code __rseq_offset}). */
    Arg THREAD_RSEQ_AREA = Special.THREAD_RSEQ_AREA;

    static Arg of(long value) {
        return new Literal(value, null);
    }

    /** A literal with a fixed rendering for {@link Plan#describe()}, e.g. {@code of(0xe, "MS_NOSUID|MS_NODEV|MS_NOEXEC")}. */
    static Arg of(long value, String display) {
        return new Literal(value, display);
    }

    /** The saved result of plan entry {@code entry}. */
    static Arg result(int entry) {
        return new Result(entry);
    }

    /** Converts {@code long}/{@code Integer}/{@code Arg} values; convenience for {@link PlanBuilder#add}. */
    static Arg[] of(Object... values) {
        Arg[] out = new Arg[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            out[i] = switch (v) {
                case Arg a -> a;
                case Number n -> of(n.longValue());
                case null -> NULL;
                default -> throw new IllegalArgumentException("not a syscall argument: " + v);
            };
        }
        return out;
    }

    /** A numeric argument; {@code display} (may be null) overrides the decoder in {@link Plan#describe()}. */
    record Literal(long value, String display) implements Arg {}

    /** Reference to the result of an earlier entry. */
    record Result(int entry) implements Arg {
        public Result {
            if (entry < 0) {
                throw new IllegalArgumentException("entry index must be >= 0: " + entry);
            }
        }
    }

    /** Values known only on the launching thread, patched in by {@link Trampoline#launch}. */
    enum Special implements Arg {
        THREAD_RSEQ_AREA
    }
}
