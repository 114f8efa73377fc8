package dev.jrunc.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrunc.runtime.cgroup.DeviceRules.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The eBPF device program's bytes for a few rule lists (no root needed). */
class DeviceFilterTest {

    /** One line per instruction: opcode, dst, src, off, imm (decoded from the little-endian bytes). */
    static String dump(byte[] p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length; i += 8) {
            int off = (short) ((p[i + 2] & 0xFF) | (p[i + 3] & 0xFF) << 8);
            int imm = (p[i + 4] & 0xFF) | (p[i + 5] & 0xFF) << 8 | (p[i + 6] & 0xFF) << 16 | (p[i + 7] & 0xFF) << 24;
            sb.append(String.format("%02x r%d r%d %d %d%n", p[i] & 0xFF, p[i + 1] & 0xF, (p[i + 1] >> 4) & 0xF, off, imm));
        }
        return sb.toString();
    }

    /** r2 = type, r3 = access, r4 = major, r5 = minor. */
    static final String PROLOGUE = """
            61 r2 r1 0 0
            54 r2 r0 0 65535
            61 r3 r1 0 0
            74 r3 r0 0 16
            61 r4 r1 4 0
            61 r5 r1 8 0
            """;

    static Rule r(char type, long major, long minor, int access, boolean allow) {
        return new Rule(type, major, minor, access, allow, "t");
    }

    @Test
    void allowAll() throws Exception {
        byte[] p = DeviceFilter.program(List.of(r('a', -1, -1, DeviceRules.RWM, true)));
        assertEquals(PROLOGUE + """
                b4 r0 r0 0 1
                95 r0 r0 0 0
                """, dump(p));
        assertEquals(8 * 8, p.length);
    }

    @Test
    void denyAllWithAllowExceptions() throws Exception {
        // sorted: c *:* m (wildcard major first), then c 1:3 rwm (no access test)
        byte[] p = DeviceFilter.program(List.of(r('a', -1, -1, DeviceRules.RWM, false),
                r('c', 1, 3, DeviceRules.RWM, true), r('c', -1, -1, DeviceRules.MKNOD, true)));
        assertEquals(PROLOGUE + """
                56 r2 r0 5 2
                bc r1 r3 0 0
                54 r1 r0 0 1
                5e r1 r3 2 0
                b4 r0 r0 0 1
                95 r0 r0 0 0
                56 r2 r0 4 2
                56 r4 r0 3 1
                56 r5 r0 2 3
                b4 r0 r0 0 1
                95 r0 r0 0 0
                b4 r0 r0 0 0
                95 r0 r0 0 0
                """, dump(p));
    }

    @Test
    void allowAllWithADenyException() throws Exception {
        // a deny exception refuses any request that asks for one of its access bits
        byte[] p = DeviceFilter.program(List.of(r('a', -1, -1, DeviceRules.RWM, true),
                r('b', 8, -1, DeviceRules.WRITE, false)));
        assertEquals(PROLOGUE + """
                56 r2 r0 6 1
                bc r1 r3 0 0
                54 r1 r0 0 4
                16 r1 r0 3 0
                56 r4 r0 2 8
                b4 r0 r0 0 0
                95 r0 r0 0 0
                b4 r0 r0 0 1
                95 r0 r0 0 0
                """, dump(p));
    }

    @Test
    void largeNumbersAreUnsigned32BitImmediates() throws Exception {
        byte[] p = DeviceFilter.program(List.of(r('c', 4294967295L, 7, DeviceRules.RWM, true)));
        assertEquals(PROLOGUE + """
                56 r2 r0 4 2
                56 r4 r0 3 -1
                56 r5 r0 2 7
                b4 r0 r0 0 1
                95 r0 r0 0 0
                b4 r0 r0 0 0
                95 r0 r0 0 0
                """, dump(p));
    }

    @Test
    void runcDefaultSpecProgramSize() throws Exception {
        byte[] p = DeviceFilter.program(DeviceRules.resolve(List.of(new dev.jrunc.spec.config.DeviceRule(false, null,
                null, null, "rwm")), null));
        // prologue 6, two mknod wildcards (6 each), c 136:* (4), eight exact devices (5 each), epilogue 2
        assertEquals(6 + 2 * 6 + 4 + 8 * 5 + 2, p.length / 8);
    }
}
