package dev.jrunc.runtime.seccomp;

import dev.jrunc.linux.LibSeccomp;
import dev.jrunc.spec.config.Seccomp;
import dev.jrunc.spec.config.SeccompArg;
import dev.jrunc.spec.config.Syscall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Compiles a validated OCI seccomp profile to a classic-BPF program with libseccomp,
 * in the JVM; the launch plan installs the bytes with a raw seccomp(2) step.
 *
 * <p>Compiling a large profile costs far more than the rest of a create, so programs are
 * cached under everything that decides them (the profile's rules, the library
 * version and the native architecture) in a directory only root can write.
 */
public final class SeccompCompiler {
    private SeccompCompiler() {}

    /** Bumped when the way a profile is turned into rules changes. */
    private static final String FORMAT = "jrunc-seccomp-2";

    /** The program for {@code s}, from {@code cacheDir} when it holds one (null: no cache). */
    public static byte[] program(Seccomp s, Path cacheDir) {
        if (cacheDir == null) return compile(s);
        byte[] key = key(s).getBytes(StandardCharsets.UTF_8);
        Path file = cacheDir.resolve(fileName(key));
        try {
            byte[] bpf = cachedProgram(Files.readAllBytes(file), key);
            if (bpf != null) return bpf;
        } catch (IOException e) {
            // not cached yet
        }
        byte[] bpf = compile(s);
        byte[] entry = new byte[key.length + 1 + bpf.length];
        System.arraycopy(key, 0, entry, 0, key.length);
        System.arraycopy(bpf, 0, entry, key.length + 1, bpf.length);
        store(cacheDir, file, entry);
        return bpf;
    }

    /**
     * A cache entry is the whole key text, a NUL, then the program; a hit compares the key
     * byte for byte, so the file name needs no cryptographic hash (MessageDigest's provider
     * set-up cost each cached create 30-45 ms) and a colliding name only costs a compile.
     */
    static byte[] cachedProgram(byte[] entry, byte[] key) {
        if (entry.length <= key.length + 1 || entry[key.length] != 0) return null;
        if (!java.util.Arrays.equals(entry, 0, key.length, key, 0, key.length)) return null;
        int n = entry.length - key.length - 1;
        if (n % 8 != 0) return null;
        return java.util.Arrays.copyOfRange(entry, key.length + 1, entry.length);
    }

    /** FNV-1a, 64 bits, of the key: the entry's file name. */
    static String fileName(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return HexFormat.of().toHexDigits(h) + ".bpf";
    }

    private static void store(Path dir, Path file, byte[] entry) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made by a concurrent create
                }
            }
            Path tmp = Files.createTempFile(dir, ".tmp-", ".bpf");
            Files.write(tmp, entry);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a cache that cannot be written only costs time
        }
    }

    /** The cache key: the profile's rule-deciding fields and the library, as text. */
    static String key(Seccomp s) {
        StringBuilder sb = new StringBuilder(FORMAT).append('\n');
        sb.append(library()).append('\n');
        sb.append(s.defaultAction()).append(' ').append(s.defaultErrnoRet()).append('\n');
        sb.append(s.architectures()).append('\n');
        for (Syscall c : s.syscalls() == null ? List.<Syscall>of() : s.syscalls()) {
            sb.append(c.names()).append(' ').append(c.action()).append(' ').append(c.errnoRet());
            for (SeccompArg a : c.args() == null ? List.<SeccompArg>of() : c.args()) {
                sb.append(" {").append(a.index()).append(',').append(a.value()).append(',').append(a.valueTwo())
                        .append(',').append(a.op()).append('}');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Which libseccomp would compile the profile, without loading it: the real file that
     * {@code libseccomp.so.2} names where the dynamic loader looks first (LD_LIBRARY_PATH,
     * then the usual library directories), with its size and modification time. Loading the
     * library through FFM only to ask its version cost a cached create about 90 ms of CPU.
     * Where no file is found, the loaded library's version.
     */
    static String library() {
        String env = System.getenv("LD_LIBRARY_PATH");
        List<String> dirs = new ArrayList<>();
        if (env != null) for (String d : env.split(":")) if (!d.isEmpty()) dirs.add(d);
        dirs.addAll(LIBRARY_DIRS);
        for (String d : dirs) {
            Path lib = Path.of(d, "libseccomp.so.2");
            try {
                Path real = lib.toRealPath();
                var attrs = Files.readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class);
                return real + " " + attrs.size() + " " + attrs.lastModifiedTime().toMillis();
            } catch (IOException e) {
                // not here
            }
        }
        return LibSeccomp.version();
    }

    private static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib");

    /** Compiles with libseccomp (no cache). The profile must have passed {@link SeccompProfile#problem}. */
    public static byte[] compile(Seccomp s) {
        int defaultAction = SeccompProfile.action(s.defaultAction(), s.defaultErrnoRet());
        try (LibSeccomp f = LibSeccomp.create(defaultAction)) {
            for (String arch : s.architectures() == null ? List.<String>of() : s.architectures()) {
                f.addArch(SeccompProfile.ARCHES.get(arch));
            }
            for (Syscall c : s.syscalls() == null ? List.<Syscall>of() : s.syscalls()) {
                int action = SeccompProfile.action(c.action(), c.errnoRet());
                if (action == defaultAction) continue; // libseccomp refuses such a rule; it changes nothing
                List<SeccompArg> args = c.args() == null ? List.of() : c.args();
                for (String name : c.names()) {
                    int nr = LibSeccomp.resolve(name);
                    if (nr == -1) continue; // unknown to this libseccomp: skipped, as runc does
                    if (args.isEmpty()) {
                        f.addRule(action, nr, List.of());
                    } else if (repeatsAnIndex(args)) {
                        // several conditions on one argument: any of them matches (runc's semantics)
                        for (SeccompArg a : args) f.addRule(action, nr, List.of(cmp(a)));
                    } else {
                        List<LibSeccomp.ArgCmp> all = new ArrayList<>();
                        for (SeccompArg a : args) all.add(cmp(a));
                        f.addRule(action, nr, all);
                    }
                }
            }
            return f.exportBpf();
        }
    }

    private static boolean repeatsAnIndex(List<SeccompArg> args) {
        Set<Long> seen = new HashSet<>();
        for (SeccompArg a : args) if (!seen.add(a.index())) return true;
        return false;
    }

    private static LibSeccomp.ArgCmp cmp(SeccompArg a) {
        return new LibSeccomp.ArgCmp((int) a.index(), SeccompProfile.OPERATORS.get(a.op()), a.value(), a.valueTwo());
    }
}
