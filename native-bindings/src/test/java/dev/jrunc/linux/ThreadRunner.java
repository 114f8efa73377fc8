package dev.jrunc.linux;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code on a fresh platform thread that is discarded afterwards, so per-thread state changed
 * with raw syscalls (unshare'd namespaces, credentials, seccomp filters) never leaks into the JVM's
 * other threads or the host.
 */
final class ThreadRunner {
    private ThreadRunner() {}

    interface Body<T> {
        T run() throws Exception;
    }

    static <T> T onFreshThread(Body<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("jrunc-test-isolated").unstarted(() -> {
            try {
                result.set(body.run());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return result.get();
    }
}
