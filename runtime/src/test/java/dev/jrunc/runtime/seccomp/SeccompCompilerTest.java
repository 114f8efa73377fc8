package dev.jrunc.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrunc.spec.config.Seccomp;
import dev.jrunc.spec.config.SeccompArg;
import dev.jrunc.spec.config.Syscall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompCompilerTest {

    static Seccomp profile(String action) {
        return new Seccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"), List.of(), null, null,
                List.of(new Syscall(List.of("unshare", "no_such_syscall"), action, null, List.of()),
                        new Syscall(List.of("personality"), "SCMP_ACT_ERRNO", 22L, List.of(
                                new SeccompArg(0, 0xffffffffL, 0, "SCMP_CMP_NE"),
                                new SeccompArg(0, 8, 0, "SCMP_CMP_EQ"))),
                        new Syscall(List.of("getpid"), "SCMP_ACT_ALLOW", null, List.of())));
    }

    @Test
    void compilesEveryActionAndSkipsUnknownNames() {
        for (String a : List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
                "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY")) {
            byte[] bpf = SeccompCompiler.compile(profile(a));
            assertTrue(bpf.length >= 8 * 8 && bpf.length % 8 == 0, a + ": " + bpf.length);
        }
    }

    @Test
    void cacheReturnsTheSameProgramAndKeysOnTheRules(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("root-seccomp-cache");
        byte[] first = SeccompCompiler.program(profile("SCMP_ACT_ERRNO"), cache);
        try (var files = Files.list(cache)) {
            assertEquals(1, files.count());
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(cache)));
        assertArrayEquals(first, SeccompCompiler.program(profile("SCMP_ACT_ERRNO"), cache));
        assertArrayEquals(SeccompCompiler.compile(profile("SCMP_ACT_ERRNO")), first);
        assertNotEquals(SeccompCompiler.key(profile("SCMP_ACT_ERRNO")), SeccompCompiler.key(profile("SCMP_ACT_TRAP")));
    }

    @Test
    void aCacheEntryIsUsedOnlyForItsOwnKey(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("root-seccomp-cache");
        var profile = profile("SCMP_ACT_ERRNO");
        byte[] real = SeccompCompiler.program(profile, cache);
        byte[] key = SeccompCompiler.key(profile).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path file = cache.resolve(SeccompCompiler.fileName(key));
        // an entry for this key is served as stored (a hit, not a compile) ...
        byte[] marked = real.clone();
        marked[0] ^= 1;
        byte[] entry = new byte[key.length + 1 + marked.length];
        System.arraycopy(key, 0, entry, 0, key.length);
        System.arraycopy(marked, 0, entry, key.length + 1, marked.length);
        Files.write(file, entry);
        assertArrayEquals(marked, SeccompCompiler.program(profile, cache));
        // ... while an entry under the same name for another key (a name collision) is not
        entry[0] ^= 1;
        Files.write(file, entry);
        assertArrayEquals(real, SeccompCompiler.program(profile, cache));
    }
}
