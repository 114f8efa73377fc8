package dev.jrunc.runtime;

/** A failure the CLI reports as the command's fatal error: its message is what the user (or engine) reads. */
public class JruncException extends Exception {
    public JruncException(String message) {
        super(message);
    }

    public JruncException(String message, Throwable cause) {
        super(message, cause);
    }
}
