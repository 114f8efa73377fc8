package dev.jrunc.linux.trampoline;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.LinuxException;

/**
 * Step {@code step} of a plan failed with {@code errno}; the child exited with
 * {@link Trampoline#FAILURE_EXIT_CODE}.
 */
public record PlanFailure(int step, int errno, String description) implements PlanRecord {
    /** {@code "mounting proc on /proc: EPERM (step 12)"}. */
    public String message() {
        return description + ": " + Errno.name(errno) + " (step " + step + ")";
    }

    /** As an exception: {@code "mounting proc on /proc (step 12): EPERM (Operation not permitted)"}. */
    public LinuxException toException() {
        return new LinuxException(description + " (step " + step + ")", errno);
    }

    @Override
    public String toString() {
        return message();
    }
}
