package dev.jrunc.runtime.launch;

import static dev.jrunc.runtime.launch.Abi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {

    @Test
    void flagsPropagationAndDataAreSeparated() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "noexec", "nodev", "rprivate", "mode=755", "size=65536k"));
        assertEquals(MS_NOSUID | MS_NOEXEC | MS_NODEV, o.flags());
        assertEquals(MS_PRIVATE | MS_REC, o.propagation());
        assertEquals("mode=755,size=65536k", o.data());
        assertFalse(o.bind());
    }

    @Test
    void laterOptionsWin() {
        assertEquals(0, MountOptions.parse(List.of("ro", "rw")).flags() & MS_RDONLY);
        assertEquals(MS_RDONLY, MountOptions.parse(List.of("rw", "ro")).flags() & MS_RDONLY);
    }

    @Test
    void bindWithOptionsNeedsARemount() {
        MountOptions ro = MountOptions.parse(List.of("rbind", "ro"));
        assertTrue(ro.bind() && ro.recursiveBind() && ro.bindNeedsRemount());
        assertEquals(MS_BIND | MS_REC | MS_RDONLY, ro.mountFlags());
        assertFalse(MountOptions.parse(List.of("bind")).bindNeedsRemount());
    }

    @Test
    void recursiveAttributesGoToMountSetattr() {
        MountOptions o = MountOptions.parse(List.of("rbind", "rro", "rnosuid", "rnoatime"));
        assertEquals(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOATIME, o.attrSet());
        assertEquals(MOUNT_ATTR__ATIME, o.attrClr());
        assertEquals(0, o.flags());
    }

    @Test
    void describeNamesFlagsLikeStrace() {
        assertEquals("MS_RDONLY|MS_NOSUID|MS_BIND", MountOptions.describe(MS_RDONLY | MS_NOSUID | MS_BIND));
        assertEquals("0", MountOptions.describe(0));
    }
}
