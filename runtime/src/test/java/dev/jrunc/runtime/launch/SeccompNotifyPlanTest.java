package dev.jrunc.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.spec.ConfigLoader;
import dev.jrunc.spec.config.Config;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SCMP_ACT_NOTIFY in the plan: the filter gets a listener, the child reports it and waits
 * at a sync point for the JVM, and (for a create) all of that happens before READY, while
 * the JVM that hands the listener on is still there.
 */
class SeccompNotifyPlanTest {

    /** docker.json with a notify rule on mkdir/mkdirat, the TSYNC flag, and a listenerPath. */
    static Config notifying(boolean noNewPrivileges) throws Exception {
        String json;
        try (InputStream in = LaunchPlannerTest.class.getResourceAsStream("docker.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        json = json.replace("\"defaultErrnoRet\": 38,", "\"defaultErrnoRet\": 38, \"listenerPath\": \"/run/agent.sock\","
                + " \"flags\": [\"SECCOMP_FILTER_FLAG_TSYNC\", \"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"],"
                + " \"listenerMetadata\": \"m\",");
        json = json.replace("\"syscalls\": [", "\"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"],"
                + " \"action\": \"SCMP_ACT_NOTIFY\"},");
        if (noNewPrivileges) json = json.replaceFirst("\"process\": \\{", "\"process\": {\"noNewPrivileges\": true,");
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> lines(LaunchPlan p) {
        return p.render().lines().toList();
    }

    private static int find(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(part)) return i;
        return -1;
    }

    @Test
    void createReportsTheListenerBeforeReady() throws Exception {
        List<String> l = lines(LaunchPlanner.plan(notifying(true), LaunchPlannerTest.context(Map.of())));
        int seccomp = find(l, "seccomp(SECCOMP_SET_MODE_FILTER");
        assertTrue(seccomp > 0, String.join("\n", l));
        // TSYNC cannot go with a listener; WAIT_KILLABLE_RECV can
        assertTrue(l.get(seccomp).contains(
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV|SECCOMP_FILTER_FLAG_NEW_LISTENER,"), l.get(seccomp));
        assertTrue(l.get(seccomp + 1).contains("reporting the seccomp listener"), l.get(seccomp + 1));
        assertTrue(l.get(seccomp + 2).contains("waiting for the runtime to take the seccomp listener"), l.get(seccomp + 2));
        assertTrue(l.get(seccomp + 2).contains("<sync 6>"), l.get(seccomp + 2));
        assertTrue(seccomp > find(l, "setting no_new_privs"), "after the last privileged step");
        assertTrue(seccomp < find(l, "unmapping the JVM"), "before the JVM is gone");
        assertTrue(seccomp < find(l, "reporting ready"), "before READY");
        assertEquals(1, l.stream().filter(s -> s.contains("seccomp(SECCOMP_SET_MODE_FILTER")).count());
    }

    @Test
    void withoutNoNewPrivsTheFilterStaysBeforeTheUidChange() throws Exception {
        List<String> l = lines(LaunchPlanner.plan(notifying(false), LaunchPlannerTest.context(Map.of())));
        int seccomp = find(l, "seccomp(SECCOMP_SET_MODE_FILTER");
        assertTrue(seccomp > 0 && seccomp < find(l, "setting uid"), String.join("\n", l));
        assertTrue(l.get(seccomp + 1).contains("reporting the seccomp listener"), l.get(seccomp + 1));
    }

    @Test
    void execReportsTheListenerBeforeExecve() throws Exception {
        LaunchContext ctx = new LaunchContext("/proc/42/root", "/bin/sh", 5, 6, 8, -1, -1, Map.of("mount", 10), false, 0,
                LaunchPlannerTest.PROBE);
        List<String> l = lines(LaunchPlanner.planExec(notifying(true), ctx));
        int seccomp = find(l, "seccomp(SECCOMP_SET_MODE_FILTER");
        assertTrue(seccomp > 0, String.join("\n", l));
        assertTrue(l.get(seccomp + 1).contains("reporting the seccomp listener"), l.get(seccomp + 1));
        assertTrue(l.get(seccomp + 2).contains("<sync 6>"), l.get(seccomp + 2));
        assertTrue(seccomp < find(l, "execve("), "before execve");
    }

    @Test
    void aProfileWithoutNotifyHasNoListener() throws Exception {
        String plan = LaunchPlanner.plan(LaunchPlannerTest.config("docker.json"), LaunchPlannerTest.context(Map.of()))
                .render();
        assertTrue(plan.contains("seccomp(SECCOMP_SET_MODE_FILTER, 0,"), plan);
        assertTrue(!plan.contains("seccomp listener"), plan);
    }
}
