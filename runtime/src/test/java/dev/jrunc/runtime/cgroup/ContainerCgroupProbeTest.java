package dev.jrunc.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrunc.runtime.launch.HostProbe;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class ContainerCgroupProbeTest {
    /** A HostProbe method added later with a default must be delegated, not silently defaulted. */
    @Test
    void delegatesEveryHostProbeMethod() throws Exception {
        for (Method m : HostProbe.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) continue;
            Method impl = ContainerCgroupProbe.class.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(ContainerCgroupProbe.class, impl.getDeclaringClass(), m.getName());
        }
    }
}
