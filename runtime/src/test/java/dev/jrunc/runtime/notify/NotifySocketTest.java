package dev.jrunc.runtime.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.launch.LaunchPlanner;
import dev.jrunc.spec.ConfigLoader;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Mount;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config side of the sd_notify proxy: runc's mount and environment, and what the plan makes of them. */
class NotifySocketTest {
    static Config config() throws Exception {
        try (InputStream in = LaunchPlanner.class.getResourceAsStream("runc-default.json")) {
            return ConfigLoader.parse(in.readAllBytes());
        }
    }

    @Test
    void addsAReadOnlyBindOfTheNotifyDirAfterTheConfigsMountsAndSetsTheEnv() throws Exception {
        Config c = config();
        Config n = NotifySocket.withMount(c, Path.of("/run/jrunc/x/notify"));
        assertEquals(c.mounts().size() + 1, n.mounts().size());
        assertEquals(new Mount("/run/notify", "bind", "/run/jrunc/x/notify",
                List.of("bind", "nosuid", "noexec", "nodev", "ro"), null, null), n.mounts().getLast());
        assertEquals("NOTIFY_SOCKET=/run/notify/notify.sock", n.process().env().getLast());
        assertEquals(c.process().env().size() + 1, n.process().env().size());
    }

    @Test
    void aNotifySocketInTheConfigIsReplacedNotDuplicated() throws Exception {
        Config once = NotifySocket.withMount(config(), Path.of("/a/notify"));
        Config twice = NotifySocket.withMount(once, Path.of("/a/notify"));
        assertEquals(1, twice.process().env().stream().filter(e -> e.startsWith("NOTIFY_SOCKET=")).count());
    }

    @Test
    void thePlanBindsItReadOnlyAndPassesTheEnv() throws Exception {
        Config n = NotifySocket.withMount(config(), Path.of("/run/jrunc/x/notify"));
        String plan = LaunchPlanner.plan(n, dev.jrunc.runtime.launch.LaunchPlannerTestAccess.context()).render();
        assertTrue(plan.contains("\"/run/jrunc/x/notify\""), plan);
        assertTrue(plan.contains("NOTIFY_SOCKET=/run/notify/notify.sock"), plan);
    }

    @Test
    void readyLineIsTheFirstReadyLineOfADatagram() {
        assertEquals("READY=1", NotifySocket.readyLine("READY=1"));
        assertEquals("READY=1", NotifySocket.readyLine("STATUS=x\nREADY=1\n"));
        assertNull(NotifySocket.readyLine("STATUS=starting\nMAINPID=1"));
    }
}
