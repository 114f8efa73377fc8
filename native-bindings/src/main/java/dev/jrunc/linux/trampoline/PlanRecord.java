package dev.jrunc.linux.trampoline;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A record the child writes to the error fd: 8 bytes, {@code {i32 tag, i32 value}}, little endian.
 * {@code tag >= 0}: the step {@code tag} failed with errno {@code value} ({@link PlanFailure}; the child
 * then exits with {@link Trampoline#FAILURE_EXIT_CODE}). {@code tag < 0}: step {@code ~tag} reported
 * {@code value} ({@link PlanReport}, see {@link PlanBuilder#report}).
 */
public sealed interface PlanRecord permits PlanFailure, PlanReport {
    int SIZE = 8;

    /** Decodes one record; {@code plan} supplies the step descriptions. */
    static PlanRecord decode(int tag, int value, Plan plan) {
        if (tag >= 0) {
            return new PlanFailure(tag, value, plan.description(tag));
        }
        return new PlanReport(~tag, value, plan.description(~tag));
    }

    static PlanRecord decode(byte[] record, Plan plan) {
        MemorySegment s = MemorySegment.ofArray(record);
        return decode(s.get(ValueLayout.JAVA_INT_UNALIGNED, 0), s.get(ValueLayout.JAVA_INT_UNALIGNED, 4), plan);
    }

    /**
     * Reads the next record from {@code fd} (blocking). Returns null at EOF, i.e. once every copy of
     * the write end is closed (the child exec'd or exited, given an O_CLOEXEC pipe).
     *
     * @throws LinuxException on a read error or a truncated record
     */
    static PlanRecord read(int fd, Plan plan) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(SIZE, 8);
            int got = 0;
            while (got < SIZE) {
                long r = Syscalls.raw(SysNr.read, fd, buf.address() + got, SIZE - got, 0, 0, 0);
                if (r == -Errno.EINTR) {
                    continue;
                }
                if (r < 0) {
                    throw new LinuxException("reading the launch error pipe", (int) -r);
                }
                if (r == 0) {
                    if (got == 0) {
                        return null;
                    }
                    throw new LinuxException("reading the launch error pipe: truncated record", Errno.EIO);
                }
                got += (int) r;
            }
            return decode(buf.get(ValueLayout.JAVA_INT, 0), buf.get(ValueLayout.JAVA_INT, 4), plan);
        }
    }
}
