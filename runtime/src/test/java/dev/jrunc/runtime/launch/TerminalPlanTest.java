package dev.jrunc.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.spec.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The terminal steps of a create plan ({@code process.terminal} with a console socket). */
class TerminalPlanTest {

    private static final int CONSOLE_FD = 9;

    @Test
    void planMatchesGolden() throws Exception {
        String plan = LaunchPlanner.plan(LaunchPlannerTest.config("runc-terminal.json"),
                LaunchPlannerTest.context(Map.of()), CONSOLE_FD).render();
        Path golden = Path.of("src/test/resources/dev/jrunc/runtime/launch/runc-terminal.plan");
        if (Boolean.getBoolean("jrunc.updateGolden")) Files.writeString(golden, plan);
        assertEquals(Files.exists(golden) ? Files.readString(golden) : "<missing " + golden + ">", plan);
    }

    @Test
    void withoutAConsoleSocketThePlanIsTheUsualOne() throws Exception {
        Config c = LaunchPlannerTest.config("runc-terminal.json");
        LaunchContext ctx = LaunchPlannerTest.context(Map.of());
        String plain = LaunchPlanner.plan(c, ctx).render();
        assertEquals(plain, LaunchPlanner.plan(c, ctx, -1).render());
        assertFalse(plain.contains("TIOCGPTPEER"), plain);
    }

    @Test
    void ptyIsOpenedInTheContainerAndBecomesStdioBeforeTheUserChange() throws Exception {
        LaunchPlan plan = LaunchPlanner.plan(LaunchPlannerTest.config("runc-terminal.json"),
                LaunchPlannerTest.context(Map.of()), CONSOLE_FD);
        List<Step> steps = plan.steps();
        int pivot = indexOf(steps, "pivot_root", null);
        int ptmx = indexOf(steps, "openat", "\"/dev/ptmx\"");
        int peer = indexOf(steps, "ioctl", "TIOCGPTPEER");
        int send = indexOf(steps, "sendmsg", null);
        int setsid = indexOf(steps, "setsid", null);
        int ctty = indexOf(steps, "ioctl", "TIOCSCTTY");
        int stdin = indexOf(steps, "dup3", ", 0, 0)");
        int setuid = indexOf(steps, "setresuid", "1000");
        assertTrue(pivot < ptmx && ptmx < peer && peer < send && send < setsid && setsid < ctty && ctty < stdin
                && stdin < setuid, plan.render());
        assertTrue(steps.get(send).render().contains("SCM_RIGHTS, [1021]"), steps.get(send).render());
        // the bind target is never reached through a symlink (CVE-2025-52565)
        int console = indexOf(steps, "openat2", "\"console\"");
        assertTrue(steps.get(console).render().contains("RESOLVE_NO_SYMLINKS"), steps.get(console).render());
        assertTrue(plan.render().contains("TIOCSWINSZ, {ws_row=30, ws_col=100}"), plan.render());
    }

    private static int indexOf(List<Step> steps, String name, String contains) {
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.name().equals(name) && (contains == null || s.render().contains(contains))) return i;
        }
        throw new AssertionError("no " + name + " " + contains);
    }
}
