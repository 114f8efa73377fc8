package dev.jrunc.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContainerIdsTest {
    @Test
    void validIds() {
        for (String id : new String[] {"a", "abc-123", "A_b.c+d", "0123456789abcdef", "..a", "a..", "x.y"}) {
            assertTrue(ContainerIds.isValid(id), id);
        }
    }

    @Test
    void invalidIds() {
        for (String id : new String[] {"", ".", "..", "a/b", "/a", "a b", "a:b", "a\nb", "é", "a\\b", "a*"}) {
            assertFalse(ContainerIds.isValid(id), id);
        }
    }

    @Test
    void checkSaysInvalidIdFormat() {
        JruncException e = assertThrows(JruncException.class, () -> ContainerIds.check("a/b"));
        assertTrue(e.getMessage().contains("invalid id format"), e.getMessage());
    }
}
