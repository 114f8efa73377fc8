package dev.jrunc.linux;

import dev.jrunc.linux.generated.clone_args;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CloneArgsTest {
    @Test
    void layoutMatchesGcc() throws Exception {
        String[] fields = {"flags", "pidfd", "child_tid", "parent_tid", "exit_signal", "stack", "stack_size", "tls",
                "set_tid", "set_tid_size", "cgroup"};
        Map<String, String> ex = new LinkedHashMap<>();
        ex.put("size", "sizeof(struct clone_args)");
        for (String f : fields) {
            ex.put(f, "offsetof(struct clone_args, " + f + ")");
        }
        Map<String, Long> v = CProbe.eval(ex);
        assertEquals(v.get("size"), CloneArgs.SIZE);
        for (String f : fields) {
            long off = clone_args.layout().byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement(f));
            assertEquals(v.get(f), off, f);
        }
    }

    @Test
    void builderWritesFields() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pidfd = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment stack = a.allocate(8192, 16);
            CloneArgs ca = CloneArgs.allocate(a)
                    .flags(0x1000 /* CLONE_PIDFD */ | Namespaces.CLONE_NEWPID)
                    .exitSignal(17)
                    .pidfd(pidfd)
                    .stack(stack)
                    .cgroup(5)
                    .setTid(a, 1);
            MemorySegment s = ca.segment();
            assertEquals(0x1000L | Namespaces.CLONE_NEWPID, s.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(pidfd.address(), s.get(ValueLayout.JAVA_LONG, 8));
            assertEquals(17, s.get(ValueLayout.JAVA_LONG, 32));
            assertEquals(stack.address(), s.get(ValueLayout.JAVA_LONG, 40));
            assertEquals(8192, s.get(ValueLayout.JAVA_LONG, 48));
            assertEquals(1, s.get(ValueLayout.JAVA_LONG, 72));
            assertEquals(5, s.get(ValueLayout.JAVA_LONG, 80));
            assertEquals(17, ca.exitSignal());
            assertEquals(88, ca.size());
        }
    }
}
