package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jrunc only: JRUNC_TEST_FAIL_STEP=N makes launch-plan step N fail with EBADF.
 * Every failing create must clean up completely: no state dir, no cgroup, no process
 * (the test JVM is a child subreaper, so orphans would land here), no host mount,
 * no fd leaked into the caller.
 */
class FailureInjectionTest {
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int P_PID = 1, WEXITED = 4, WNOHANG = 1;
    private static final Pattern STEP_LINE = Pattern.compile("^\\s*(\\d+) \\S");
    private static final Pattern STEP_IN_ERROR = Pattern.compile("\\(step (\\d+)\\)");

    @TempDir static Path work;
    static Jrunc jrunc;
    @TempDir Path tmp;

    @BeforeAll
    static void setUp() {
        jrunc = new Jrunc(work);
    }

    @AfterAll
    static void notSubreaper() {
        if (Jrunc.isJrunc()) Linux.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    }

    /** The launch plan's step count, from {@code --debug --log-format json}'s "launch plan for" message. */
    private int[] planShape(Bundle b) throws IOException {
        String id = Jrunc.uniqueId("plan");
        Path log = tmp.resolve("plan.log");
        Jrunc.Result r = jrunc.exec("--debug", "--log", log.toString(), "--log-format", "json", "create", "--bundle",
                b.dir().toString(), id);
        try {
            assertEquals(0, r.exit(), () -> r + "\nlog:\n" + Jrunc.read(log));
            int max = -1, ready = -1;
            List<String> lines = new ArrayList<>(Files.readAllLines(log));
            lines.addAll(r.err().lines().toList());
            for (String line : lines) {
                if (line.isBlank()) continue;
                String msg;
                try {
                    msg = Jrunc.parseJson(line).path("msg").asText();
                } catch (AssertionError notJson) { // logrus text: msg="..." with \n escapes
                    int at = line.indexOf("launch plan for");
                    msg = at < 0 ? "" : line.substring(at).replace("\\n", "\n");
                }
                if (!msg.startsWith("launch plan for")) continue;
                for (String step : msg.split("\n")) {
                    Matcher m = STEP_LINE.matcher(step);
                    if (!m.find()) continue;
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                    if (step.contains("{READY}")) ready = Integer.parseInt(m.group(1));
                }
            }
            if (max < 0) fail("no launch plan in the --debug log:\n" + Jrunc.read(log));
            return new int[] {max + 1, ready < 0 ? max + 1 : ready};
        } finally {
            jrunc.forceDelete(id);
        }
    }

    private static Set<Long> reapAndListChildren(long self, Set<Long> expected) {
        Set<Long> alive = new HashSet<>();
        for (long pid : Procs.childrenOf(self)) {
            if (expected.contains(pid)) continue;
            if (Procs.state(pid) == 'Z') {
                try {
                    Linux.waitid(P_PID, (int) pid, WEXITED | WNOHANG);
                } catch (LinuxException e) {
                    // raced with someone else's reap
                }
            } else {
                alive.add(pid);
            }
        }
        return alive;
    }

    @Test
    void everyFailingStepCleansUp() throws Exception {
        assumeTrue(Jrunc.isJrunc(), "jrunc-only: JRUNC_TEST_FAIL_STEP is a jrunc test hook");
        Linux.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        long self = ProcessHandle.current().pid();

        Bundle b = Bundle.create(tmp.resolve("b"), "fail", "true");
        int[] shape = planShape(b);
        int steps = shape[0], readyStep = shape[1];
        assertTrue(steps > 3, "a plan of " + steps + " steps");
        reapAndListChildren(self, Set.of());

        Set<Long> baseChildren = new HashSet<>(Procs.childrenOf(self));
        Set<String> mountsBefore = Procs.hostMountinfo();
        int fdsBefore = Procs.fdCount();

        // every step when that is quick enough; a stride otherwise
        long t0 = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<String> misnumbered = new ArrayList<>(); // plan-log step -> step named in the error
        int stride = 1, tried = 0, directives = 0;
        for (int n = 0; n < steps; n += stride) {
            String id = Jrunc.uniqueId("fail" + n);
            Jrunc.Result r = jrunc.exec(Map.of("JRUNC_TEST_FAIL_STEP", Integer.toString(n)), null,
                    Duration.ofSeconds(20), "create", "--bundle", b.dir().toString(), id);
            tried++;
            if (n > readyStep) {
                // after READY a failure can only show at start: create succeeds, the container
                // ends up stopped, and delete --force must leave nothing
                if (r.exit() != 0) problems.add("step " + n + " (after READY): create failed: " + r.err().strip());
                jrunc.exec("start", id);
                jrunc.forceDelete(id);
                if (Files.exists(jrunc.root().resolve(id))) problems.add("step " + n + ": state dir left after delete");
                Jrunc.sleep(50);
                Set<Long> left = reapAndListChildren(self, baseChildren);
                if (!left.isEmpty()) problems.add("step " + n + ": processes left after delete: " + left);
                continue;
            }
            if (r.exit() == 0) {
                // a directive step (no syscall of its own) can't be made to fail
                directives++;
                jrunc.forceDelete(id);
                reapAndListChildren(self, baseChildren);
                continue;
            }
            Matcher m = STEP_IN_ERROR.matcher(r.err());
            if (!m.find()) problems.add("step " + n + ": error names no step: " + r.err().strip());
            else if (Integer.parseInt(m.group(1)) != n) misnumbered.add(n + "->" + m.group(1));
            if (Files.exists(jrunc.root().resolve(id))) problems.add("step " + n + ": state dir left under --root");
            List<Path> cgroups = Procs.cgroupDirsNamed(id);
            if (!cgroups.isEmpty()) problems.add("step " + n + ": cgroups left: " + cgroups);
            Set<Long> left = reapAndListChildren(self, baseChildren);
            if (!left.isEmpty()) {
                Jrunc.sleep(100); // let a dying init finish
                left = reapAndListChildren(self, baseChildren);
            }
            if (!left.isEmpty()) {
                problems.add("step " + n + ": processes left: " + left);
                for (long pid : left) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Set<String> mountsNow = Procs.hostMountinfo();
            if (!mountsNow.equals(mountsBefore)) {
                Set<String> added = new HashSet<>(mountsNow);
                added.removeAll(mountsBefore);
                if (!added.isEmpty()) problems.add("step " + n + ": host mounts added: " + added);
                mountsBefore = mountsNow;
            }
            int fds = Procs.fdCount();
            if (fds != fdsBefore) problems.add("step " + n + ": test JVM fds " + fdsBefore + " -> " + fds);
            JsonNode list = Jrunc.parseJson(jrunc.exec("list", "--format", "json").out());
            for (JsonNode c : list) {
                if (c.path("id").asText().equals(id)) problems.add("step " + n + ": listed after failing");
            }
            if (n == 5 && System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos() * 6 / steps) stride = 3;
        }
        if (!misnumbered.isEmpty()) {
            problems.add("errors name steps other than the --debug plan's numbering (injected->named): "
                    + String.join(" ", misnumbered));
        }
        assertTrue(problems.isEmpty(), tried + " of " + steps + " steps tried, READY at " + readyStep + " (" + directives
                + " could not fail):\n" + String.join("\n", problems));
        assertTrue(directives < tried, "failure injection had no effect");
    }
}
