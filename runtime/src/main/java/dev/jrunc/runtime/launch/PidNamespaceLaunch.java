package dev.jrunc.runtime.launch;

import dev.jrunc.linux.Namespaces;
import dev.jrunc.linux.trampoline.CloneSpec;
import dev.jrunc.linux.trampoline.Plan;
import dev.jrunc.linux.trampoline.Trampoline;
import dev.jrunc.runtime.JruncException;

/**
 * Launches a plan whose child must be born in another pid namespace (create with a
 * pid namespace path, exec, hooks inside the container). setns(CLONE_NEWPID) only
 * changes the namespace of the caller's future children and is per thread, so a
 * throwaway platform thread joins it, forks once, and ends; the JVM's own threads
 * never change namespace.
 */
public final class PidNamespaceLaunch {
    private PidNamespaceLaunch() {}

    /** The child's pid; {@code pidNsFd < 0}: launched from this thread, in our namespace. */
    public static int launch(CloneSpec spec, Plan plan, int errFd, int pidNsFd) throws JruncException {
        if (pidNsFd < 0) return Trampoline.launch(spec, plan, errFd).pid();
        int[] pid = {-1};
        RuntimeException[] failure = new RuntimeException[1];
        Thread t = Thread.ofPlatform().unstarted(new Runnable() { // no lambda: startup cost
            @Override
            public void run() {
                try {
                    Namespaces.setns(pidNsFd, Namespaces.CLONE_NEWPID);
                    pid[0] = Trampoline.launch(spec, plan, errFd).pid();
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JruncException("interrupted while launching");
        }
        if (failure[0] != null) throw failure[0];
        return pid[0];
    }
}
