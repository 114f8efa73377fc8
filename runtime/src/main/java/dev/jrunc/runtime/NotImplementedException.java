package dev.jrunc.runtime;

/** A capability that has not landed yet: "&lt;command&gt;: not implemented yet". */
public final class NotImplementedException extends JruncException {
    public NotImplementedException(String command) {
        super(command + ": not implemented yet");
    }
}
