package dev.jrunc.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoFlagsTest {
    private static GoFlags.Parsed parse(String command, String... args) {
        Subcommand sub = Commands.lookup(command);
        return GoFlags.parse(sub.flags(), args, 0, false, sub.ownsRest());
    }

    @Test
    void singleAndDoubleDashLongFlags() {
        GoFlags.Parsed p = parse("run", "-no-subreaper", "--no-pivot", "-detach", "c1");
        assertTrue(p.flag("--no-subreaper"));
        assertTrue(p.flag("--no-pivot"));
        assertTrue(p.flag("--detach"));
        assertEquals(List.of("c1"), p.positionals);
        assertTrue(parse("run", "--no-subreaper", "c1").flag("--no-subreaper"));
        assertTrue(parse("run", "--d", "c1").flag("--detach"));
    }

    @Test
    void valuesWithEqualsOrNextArgument() {
        GoFlags.Parsed p = parse("create", "--bundle=/b", "--pid-file", "/p", "-console-socket=/s", "c1");
        assertEquals("/b", p.value("--bundle"));
        assertEquals("/p", p.value("--pid-file"));
        assertEquals("/s", p.value("--console-socket"));
        assertEquals("/x", parse("create", "-b", "/x", "c1").value("--bundle"));
        assertEquals("/y", parse("create", "-b=/y", "c1").value("--bundle"));
        assertEquals("-1", parse("update", "--memory-swap", "-1", "c1").value("--memory-swap"));
        assertEquals("a=b=c", parse("create", "--pid-file=a=b=c", "c1").value("--pid-file"));
    }

    @Test
    void booleanFlagsTakeGoBoolValues() {
        assertFalse(parse("restore", "--no-pivot=false", "c1").flag("--no-pivot"));
        assertTrue(parse("restore", "--no-pivot=true", "c1").flag("--no-pivot"));
        assertTrue(parse("restore", "--no-pivot=1", "c1").flag("--no-pivot"));
        assertFalse(parse("run", "-d", "--detach=F", "c1").flag("--detach"));
        GoFlags.FlagError e = assertThrows(GoFlags.FlagError.class, () -> parse("run", "--detach=maybe", "c1"));
        assertTrue(e.getMessage().contains("invalid boolean value"), e.getMessage());
    }

    @Test
    void flagsAfterArgumentsAndRepeats() {
        GoFlags.Parsed p = parse("kill", "c1", "KILL", "--all");
        assertTrue(p.flag("--all"));
        assertEquals(List.of("c1", "KILL"), p.positionals);
        assertEquals("/two", parse("create", "-b", "/one", "--bundle", "/two", "c1").value("--bundle"));
        assertEquals(List.of("c1", "-x"), parse("state", "c1", "--", "-x").positionals);
    }

    @Test
    void execOwnsEverythingAfterTheId() {
        GoFlags.Parsed p = parse("exec", "-t", "-e", "A=1", "--env=B=2", "-u", "0:0", "c1", "sh", "-c", "--tty");
        assertTrue(p.flag("--tty"));
        assertEquals(List.of("A=1", "B=2"), p.list("--env"));
        assertEquals("0:0", p.value("--user"));
        assertEquals(List.of("c1", "sh", "-c", "--tty"), p.positionals);
        assertEquals(List.of("c1", "-ef"), parse("ps", "-f", "json", "c1", "-ef").positionals);
    }

    @Test
    void clusteredShortBooleans() {
        GoFlags.Parsed p = parse("exec", "-td", "c1", "true");
        assertTrue(p.flag("--tty"));
        assertTrue(p.flag("--detach"));
    }

    @Test
    void unknownFlagsAndMissingValues() {
        GoFlags.FlagError e = assertThrows(GoFlags.FlagError.class, () -> parse("state", "--bogus", "c1"));
        assertEquals("flag provided but not defined: -bogus", e.getMessage());
        e = assertThrows(GoFlags.FlagError.class, () -> parse("create", "c1", "--bundle"));
        assertEquals("flag needs an argument: -bundle", e.getMessage());
    }

    @Test
    void globalFlagsStopAtTheSubcommand() {
        String[] args = {"--root", "/r", "-log=/l", "--log-format", "json", "--systemd-cgroup", "--rootless",
            "state", "c1"};
        GoFlags.Parsed g = GoFlags.parse(Cli.globalFlags(), args, 0, true, false);
        assertEquals("/r", g.value("--root"));
        assertEquals("/l", g.value("--log"));
        assertEquals("json", g.value("--log-format"));
        assertTrue(g.flag("--systemd-cgroup"));
        assertEquals("true", g.value("--rootless"));     // crun's bare form
        assertEquals(7, g.next);
        GoFlags.Parsed r = GoFlags.parse(Cli.globalFlags(), new String[] {"--rootless", "false", "list"}, 0, true,
                false);
        assertEquals("false", r.value("--rootless"));   // runc's valued form
        assertEquals(2, r.next);
    }

    @Test
    void everyCommandBuildsItsFlags() {
        for (String n : Commands.NAMES) {
            Subcommand s = Commands.lookup(n);
            assertEquals(n, s.name());
            assertTrue(s.flags().find("help") != null, n);
        }
    }
}
