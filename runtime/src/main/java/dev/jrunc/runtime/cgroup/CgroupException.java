package dev.jrunc.runtime.cgroup;

import dev.jrunc.runtime.JruncException;

/** A cgroup operation failed; the message names the config field (JSON pointer) when one caused it. */
public final class CgroupException extends JruncException {
    public CgroupException(String message) {
        super(message);
    }
}
