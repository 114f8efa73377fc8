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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * cached by a hash of everything that decides them (the profile's rules, the library
 * version and the native architecture) in a directory only root can write.
 */
public final class SeccompCompiler {
    private SeccompCompiler() {}

    /** Bumped when the way a profile is turned into rules changes. */
    private static final String FORMAT = "jrunc-seccomp-1";

    /** The program for {@code s}, from {@code cacheDir} when it holds one (null: no cache). */
    public static byte[] program(Seccomp s, Path cacheDir) {
        if (cacheDir == null) return compile(s);
        String key = key(s);
        Path file = cacheDir.resolve(key + ".bpf");
        try {
            byte[] cached = Files.readAllBytes(file);
            if (cached.length > 0 && cached.length % 8 == 0) return cached;
        } catch (IOException e) {
            // not cached yet
        }
        byte[] bpf = compile(s);
        store(cacheDir, file, bpf);
        return bpf;
    }

    private static void store(Path dir, Path file, byte[] bpf) {
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
            Files.write(tmp, bpf);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a cache that cannot be written only costs time
        }
    }

    /** The cache key: SHA-256 over the profile's rule-deciding fields and the library. */
    static String key(Seccomp s) {
        StringBuilder sb = new StringBuilder(FORMAT).append('\n');
        sb.append(LibSeccomp.version()).append('\n');
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
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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
