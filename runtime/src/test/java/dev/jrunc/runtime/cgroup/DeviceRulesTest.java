package dev.jrunc.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.cgroup.DeviceRules.Rule;
import dev.jrunc.spec.config.Device;
import dev.jrunc.spec.config.DeviceRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule resolution (runc's order and defaults), folding, and the v1 writes. */
class DeviceRulesTest {

    static final String RUNC_DEFAULTS = "allow c *:* m, allow b *:* m, allow c 1:3 rwm, allow c 1:8 rwm, "
            + "allow c 1:7 rwm, allow c 5:0 rwm, allow c 1:5 rwm, allow c 1:9 rwm, allow c 136:* rwm, "
            + "allow c 5:2 rwm, allow c 10:200 rwm";

    static String text(List<Rule> rules) {
        List<String> s = new ArrayList<>();
        for (Rule r : rules) s.add(r.toString());
        return String.join(", ", s);
    }

    static DeviceRule rule(boolean allow, String type, Long major, Long minor, String access) {
        return new DeviceRule(allow, type, major, minor, access);
    }

    @Test
    void configRulesFirstThenRuncDefaults() throws Exception {
        List<Rule> r = DeviceRules.resolve(List.of(rule(false, null, null, null, "rwm"),
                rule(true, "c", 1L, 1L, "rw")), null);
        assertEquals("deny a *:* rwm, allow c 1:1 rw, " + RUNC_DEFAULTS, text(r));
        assertEquals("/linux/resources/devices/1", r.get(1).source());
        assertEquals("default rule", r.get(2).source());
        // no rules at all: still the defaults, over runc's default deny-all
        assertEquals(RUNC_DEFAULTS, text(DeviceRules.resolve(null, null)));
    }

    @Test
    void aDeviceListedByPathReplacesItsDefaultRule() throws Exception {
        List<Rule> r = DeviceRules.resolve(List.of(), List.of(new Device("c", "/dev/null", 1L, 3L, null, null, null),
                new Device("c", "/dev/fuse", 10L, 229L, null, null, null)));
        assertFalse(text(r).contains("c 1:3 "), text(r));
        assertEquals(RUNC_DEFAULTS.replace("allow c 1:3 rwm, ", ""), text(r));
    }

    @Test
    void wildcardsAndAbsentFields() throws Exception {
        Rule r = DeviceRules.resolve(List.of(rule(true, "b", -1L, 5L, "r")), null).getFirst();
        assertEquals("b *:5 r", r.cgroupString());
        Rule a = DeviceRules.resolve(List.of(rule(true, "", null, null, "mwr")), null).getFirst();
        assertEquals("a *:* rwm", a.cgroupString());
    }

    @Test
    void badRulesNameTheirPointer() {
        assertEquals("/linux/resources/devices/1/type: invalid cgroup device type \"x\" (want a, b or c)",
                assertThrows(CgroupException.class, () -> DeviceRules.resolve(List.of(rule(true, "c", 1L, 3L, "r"),
                        rule(true, "x", 1L, 3L, "r")), null)).getMessage());
        assertEquals("/linux/resources/devices/0/access: \"rwz\" is not a combination of r, w and m",
                assertThrows(CgroupException.class, () -> DeviceRules.resolve(
                        List.of(rule(true, "c", 1L, 3L, "rwz")), null)).getMessage());
        assertTrue(assertThrows(CgroupException.class, () -> DeviceRules.resolve(
                List.of(rule(true, "c", 1L, 3L, null)), null)).getMessage().startsWith("/linux/resources/devices/0/access:"));
        assertTrue(assertThrows(CgroupException.class, () -> DeviceRules.resolve(
                List.of(rule(true, "c", -2L, 3L, "r")), null)).getMessage().startsWith("/linux/resources/devices/0/major:"));
        assertTrue(assertThrows(CgroupException.class, () -> DeviceRules.resolve(
                List.of(rule(true, "c", 1L, 1L << 32, "r")), null)).getMessage().startsWith("/linux/resources/devices/0/minor:"));
    }

    // ------------------------------------------------------------ folding

    @Test
    void defaultSpecIsDenyAllWithAllowExceptions() throws Exception {
        DeviceState s = DeviceState.of(DeviceRules.resolve(List.of(rule(false, null, null, null, "rwm")), null));
        assertFalse(s.defaultAllow());
        // exceptions sorted wildcards first, then major, minor, type
        assertEquals("allow b *:* m, allow c *:* m, allow c 1:3 rwm, allow c 1:5 rwm, allow c 1:7 rwm, "
                + "allow c 1:8 rwm, allow c 1:9 rwm, allow c 5:0 rwm, allow c 5:2 rwm, allow c 10:200 rwm, "
                + "allow c 136:* rwm", text(s.exceptions()));
    }

    @Test
    void privilegedAllowAllSwallowsTheDefaults() throws Exception {
        DeviceState s = DeviceState.of(DeviceRules.resolve(List.of(rule(true, "a", null, null, "rwm")), null));
        assertTrue(s.defaultAllow());
        assertEquals("", text(s.exceptions()));
        assertEquals("allow a *:* rwm", text(s.rules()));
    }

    @Test
    void laterRulesTakeAccessAwayAndMergeAccess() throws Exception {
        DeviceState s = DeviceState.of(DeviceRules.resolve(List.of(rule(true, "c", 4L, 1L, "r"),
                rule(true, "c", 4L, 1L, "w"), rule(true, "c", 4L, 2L, "rwm"), rule(false, "c", 4L, 2L, "w"),
                rule(false, "c", 1L, 3L, "rwm")), null));
        String t = text(s.exceptions());
        assertTrue(t.contains("allow c 4:1 rw,"), t);
        assertTrue(t.contains("allow c 4:2 rm,"), t);
        assertTrue(t.contains("allow c 1:3 rwm"), t); // the default comes after the deny, as in runc
        // a blacklist: deny exceptions
        DeviceState b = DeviceState.of(DeviceRules.resolve(List.of(rule(true, "a", null, null, "rwm"),
                rule(false, "b", 8L, null, "w")), null));
        assertTrue(b.defaultAllow());
        assertEquals("deny b 8:* w", text(b.exceptions()));
    }

    @Test
    void punchingAHoleInAWildcardIsRefused() {
        CgroupException e = assertThrows(CgroupException.class, () -> DeviceState.of(DeviceRules.resolve(List.of(
                rule(false, "a", null, null, "rwm"), rule(true, "c", 7L, null, "rw"), rule(false, "c", 7L, 3L, "r")),
                null)));
        assertTrue(e.getMessage().startsWith("/linux/resources/devices/2: \"deny c 7:3 r\" cannot take access away"),
                e.getMessage());
        assertTrue(e.getMessage().contains("allow c 7:* rw\" (/linux/resources/devices/1)"), e.getMessage());
    }

    // ------------------------------------------------------------ v1 writes

    @Test
    void fromAllowAllParentDenyAllFirstThenAllows() throws Exception {
        DeviceState target = DeviceState.of(DeviceRules.resolve(List.of(rule(false, null, null, null, "rwm"),
                rule(true, "c", 1L, 1L, "rw")), null));
        List<Rule> w = target.transitionFrom(DeviceState.parseList("a *:* rwm\n"));
        assertEquals("deny a *:* rwm", w.getFirst().toString());
        assertEquals("/linux/resources/devices/0", w.getFirst().source());
        assertEquals(13, w.size()); // the reset, c 1:1 and the 11 defaults
        assertEquals("allow c 1:1 rw", w.get(3).toString()); // after the reset, b *:* and c *:*
        assertEquals("/linux/resources/devices/1", w.get(3).source());
        for (Rule r : w.subList(1, w.size())) assertTrue(r.allow(), r.toString());
    }

    @Test
    void fromARestrictedParentOnlyTheDifference() throws Exception {
        // a new cgroup inherits its parent's exceptions: take away the extra, add the missing
        DeviceState parent = DeviceState.parseList("c 1:3 rwm\nc 4:* rw\nc 1:5 r\n");
        assertFalse(parent.defaultAllow());
        DeviceState target = DeviceState.of(List.of(new Rule('c', 1, 3, DeviceRules.RWM, true, "x"),
                new Rule('c', 1, 5, DeviceRules.RWM, true, "y")));
        assertEquals("deny c 4:* rw, allow c 1:5 wm", text(target.transitionFrom(parent)));
        assertEquals("", text(target.transitionFrom(DeviceState.parseList("c 1:3 rwm\nc 1:5 rwm"))));
    }

    @Test
    void allowAllTargetResetsWithAllow() throws Exception {
        DeviceState target = DeviceState.of(List.of(new Rule('a', -1, -1, DeviceRules.RWM, true, "p"),
                new Rule('c', 1, 1, DeviceRules.READ, false, "q")));
        assertEquals("allow a *:* rwm, deny c 1:1 r", text(target.transitionFrom(DeviceState.parseList("c 1:3 rwm"))));
        assertEquals("allow a *:* rwm, deny c 1:1 r", text(target.transitionFrom(DeviceState.parseList("a *:* rwm"))));
    }

    @Test
    void badDevicesListIsAnError() {
        assertThrows(CgroupException.class, () -> DeviceState.parseList("c 1:3"));
        assertThrows(CgroupException.class, () -> DeviceState.parseList("c x:3 rwm"));
    }
}
