package dev.jrunc.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process through {@link Main#run}. */
class MainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RUNC = Path.of("/usr/sbin/runc");

    @TempDir
    Path tmp;

    record Result(int rc, String out, String err) {}

    static Result jrunc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path root() throws IOException {
        return Files.createDirectories(tmp.resolve("root"));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void versionHasThreeLines() {
        for (String flag : new String[] {"--version", "-v", "-version"}) {
            Result r = jrunc(flag);
            assertEquals(0, r.rc());
            String[] lines = r.out().split("\n");
            assertEquals(3, lines.length, r.out());
            assertTrue(lines[0].matches("jrunc version \\S+"), lines[0]);
            assertTrue(lines[1].startsWith("commit: "), lines[1]);
            assertEquals("spec: 1.2.0", lines[2]);
        }
    }

    @Test
    void stateOfMissingContainerDoesNotExist() throws IOException {
        Result r = jrunc("--root", root().toString(), "state", "nosuch");
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("container \\\"nosuch\\\" does not exist"), r.err());
        assertTrue(r.err().contains("level=error"), r.err());
    }

    @Test
    void lifecycleCommandsOnMissingContainers() throws IOException {
        String root = root().toString();
        String[][] cmds = {
            {"start", "x"}, {"kill", "x"}, {"kill", "x", "KILL"}, {"delete", "x"}, {"ps", "x"}, {"pause", "x"},
            {"resume", "x"}, {"events", "x"}, {"update", "x"}, {"exec", "x", "true"}, {"checkpoint", "x"},
        };
        for (String[] c : cmds) {
            String[] args = Stream.concat(Stream.of("--root", root), Stream.of(c)).toArray(String[]::new);
            Result r = jrunc(args);
            // runc's exec exits 255 whenever it cannot start the process
            assertEquals(c[0].equals("exec") ? 255 : 1, r.rc(), String.join(" ", c));
            assertTrue(r.err().contains("does not exist"), String.join(" ", c) + ": " + r.err());
        }
        assertEquals(0, jrunc("--root", root, "delete", "--force", "x").rc());
        assertEquals(0, jrunc("--root", root, "delete", "-f", "x").rc());
    }

    @Test
    void halfMadeContainerReadsAsCreating() throws IOException {
        Path root = root();
        Files.createDirectory(root.resolve("c1"));
        Result r = jrunc("--root", root.toString(), "state", "c1");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("\"status\": \"creating\""), r.out());
        r = jrunc("--root", root.toString(), "kill", "c1", "SIGBOGUS");
        assertTrue(r.err().contains("unknown signal"), r.err());
    }

    @Test
    void invalidIdsAreRejected() throws IOException {
        for (String id : new String[] {"a/b", "..", "a b"}) {
            Result r = jrunc("--root", root().toString(), "state", id);
            assertEquals(1, r.rc());
            assertTrue(r.err().contains("invalid id format"), r.err());
        }
    }

    @Test
    void wrongArgumentCounts() {
        Result r = jrunc("state");
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("requires exactly 1 argument(s)"), r.err());
        r = jrunc("kill", "a", "b", "c");
        assertTrue(r.err().contains("requires a maximum of 2 argument(s)"), r.err());
    }

    @Test
    void globalFlagsAfterTheSubcommandAreRefusedLikeRunc() {
        Result r = jrunc("state", "--root", "/tmp", "x");
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("flag provided but not defined: -root"), r.err());
    }

    @Test
    void createRefusesABadConfigAndLeavesRootEmpty() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        assertEquals(0, jrunc("spec", "--bundle", bundle.toString()).rc());
        Path config = bundle.resolve("config.json");
        String good = Files.readString(config);
        Files.writeString(config, good.replaceFirst("\"args\": \\[", "\"args\": \"notalist\", \"x\": ["));
        Path root = root();
        Result r = jrunc("--root", root.toString(), "create", "--bundle", bundle.toString(), "c1");
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("/process/args"), r.err());
        assertTrue(isEmpty(root));

        Files.writeString(config, good);
        r = jrunc("--root", root.toString(), "create", "--bundle=" + bundle, "--pid-file", tmp.resolve("pid").toString(),
                "c1");
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("rootfs") && r.err().contains("does not exist"), r.err());
        assertTrue(isEmpty(root));
        assertFalse(Files.exists(tmp.resolve("pid")));

        r = jrunc("--root", root.toString(), "create", "-b", tmp.resolve("nobundle").toString(), "c1");
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("not found"), r.err());
    }

    @Test
    void jsonLogFileGetsOneObjectPerLineAndStderrTheMessage() throws IOException {
        Path log = tmp.resolve("log.json");
        Result r = jrunc("--log", log.toString(), "--log-format", "json", "--debug", "--root", root().toString(),
                "state", "nosuch");
        assertEquals(1, r.rc());
        assertEquals("container \"nosuch\" does not exist\n", r.err());
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.size() >= 2, lines.toString());   // a debug line, then the error
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertTrue(n.get("msg").isTextual(), line);
            assertTrue(n.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)"), line);
            assertTrue(n.get("level").asText().matches("debug|info|warning|error"), line);
        }
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("error", last.get("level").asText());
        assertEquals("container \"nosuch\" does not exist", last.get("msg").asText());
        assertEquals("debug", JSON.readTree(lines.get(0)).get("level").asText());
    }

    @Test
    void textLogFile() throws IOException {
        Path log = tmp.resolve("log.txt");
        Result r = jrunc("--log=" + log, "--root", root().toString(), "state", "nosuch");
        assertEquals(1, r.rc());
        String line = Files.readString(log).strip();
        assertTrue(line.matches("time=\"[^\"]+\" level=error msg=\"container \\\\\"nosuch\\\\\" does not exist\""), line);
    }

    @Test
    void badLogFormat() {
        Result r = jrunc("--log-format", "xml", "list");
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("invalid log-format: xml"), r.err());
    }

    @Test
    void specRefusesToOverwrite() throws IOException {
        assertEquals(0, jrunc("spec", "-b", tmp.toString()).rc());
        Result r = jrunc("spec", "-b", tmp.toString());
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("File config.json exists. Remove it first"), r.err());
    }

    @Test
    void specIsByteIdenticalToRunc() throws Exception {
        assumeTrue(Files.isExecutable(RUNC), "runc not installed");
        for (boolean rootless : new boolean[] {false, true}) {
            Path mine = Files.createDirectories(tmp.resolve("mine-" + rootless));
            Path theirs = Files.createDirectories(tmp.resolve("runc-" + rootless));
            Result r = rootless ? jrunc("spec", "--rootless", "--bundle", mine.toString())
                    : jrunc("spec", "--bundle", mine.toString());
            assertEquals(0, r.rc(), r.err());
            Process p = (rootless
                    ? new ProcessBuilder(RUNC.toString(), "spec", "--rootless", "--bundle", theirs.toString())
                    : new ProcessBuilder(RUNC.toString(), "spec", "--bundle", theirs.toString()))
                    .redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            byte[] a = Files.readAllBytes(mine.resolve("config.json"));
            byte[] b = Files.readAllBytes(theirs.resolve("config.json"));
            assertEquals(JSON.readTree(b), JSON.readTree(a), "rootless=" + rootless);
            assertArrayEquals(b, a, "rootless=" + rootless);
        }
    }

    @Test
    void featuresIsJsonWithTheSpecKeys() throws IOException {
        Result r = jrunc("features");
        assertEquals(0, r.rc(), r.err());
        JsonNode f = JSON.readTree(r.out());
        assertEquals("1.0.0", f.get("ociVersionMin").asText());
        assertEquals("1.2.0", f.get("ociVersionMax").asText());
        assertTrue(f.get("hooks").isArray());
        assertTrue(f.get("mountOptions").isArray());
        JsonNode linux = f.get("linux");
        assertTrue(linux.get("namespaces").isArray());
        assertTrue(linux.get("capabilities").size() >= 41);
        assertTrue(linux.get("cgroup").has("v2"));
        JsonNode seccomp = linux.get("seccomp");
        assertTrue(seccomp.get("enabled").asBoolean(), "libseccomp.so.2 is installed here");
        assertTrue(seccomp.get("actions").toString().contains("SCMP_ACT_KILL_PROCESS"), seccomp.toString());
        assertTrue(seccomp.get("actions").toString().contains("SCMP_ACT_NOTIFY"), seccomp.toString());
        assertTrue(seccomp.get("operators").toString().contains("SCMP_CMP_MASKED_EQ"), seccomp.toString());
        assertTrue(seccomp.get("archs").toString().contains("SCMP_ARCH_X86_64"), seccomp.toString());
        assertTrue(seccomp.get("supportedFlags").toString().contains("SECCOMP_FILTER_FLAG_LOG"), seccomp.toString());
        // what jrunc implements, whatever this host has (the spec's rule): LSM labels and rdma.max
        assertTrue(linux.get("apparmor").get("enabled").asBoolean());
        assertTrue(linux.get("selinux").get("enabled").asBoolean());
        JsonNode cgroup = linux.get("cgroup");
        assertTrue(cgroup.get("v1").asBoolean() && cgroup.get("v2").asBoolean() && cgroup.get("rdma").asBoolean(),
                cgroup.toString());
        assertFalse(cgroup.get("systemd").asBoolean() || cgroup.get("systemdUser").asBoolean(), "no systemd driver yet");
        assertFalse(linux.get("intelRdt").get("enabled").asBoolean());
        assertFalse(linux.get("mountExtensions").get("idmap").get("enabled").asBoolean());
        assertTrue(f.get("annotations").get("io.github.seccomp.libseccomp.version").asText().matches("\\d+\\.\\d+\\.\\d+"),
                f.get("annotations").toString());
        assertEquals(0, f.get("potentiallyUnsafeConfigAnnotations").size(), "jrunc acts on no annotation");
        assertTrue(r.out().contains("\n  \""), "pretty-printed");
    }

    @Test
    void listOfAnEmptyRoot() throws IOException {
        Result r = jrunc("--root", tmp.resolve("none").toString(), "list");
        assertEquals(0, r.rc());
        assertEquals(ListCommand.HEADER + "\n", r.out());
        assertEquals("null\n", jrunc("--root", tmp.resolve("none").toString(), "list", "-f", "json").out());
        assertEquals("", jrunc("--root", tmp.resolve("none").toString(), "list", "-q").out());
    }

    @Test
    void validateListsProblems() throws IOException {
        assertEquals(0, jrunc("spec", "--bundle", tmp.toString()).rc());
        Result r = jrunc("validate", "--bundle", tmp.toString());
        assertEquals(0, r.rc(), r.err());
        Path config = tmp.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"args\": \\[", "\"args\": 7, \"x\": ["));
        r = jrunc("validate", "--bundle", tmp.toString());
        assertEquals(1, r.rc());
        assertTrue(r.out().contains("/process/args"), r.out());
    }

    @Test
    void helpAndUnknownCommands() {
        Result r = jrunc("--help");
        assertEquals(0, r.rc());
        assertTrue(r.out().contains("checkpoint") && r.out().contains("features"), r.out());
        r = jrunc("exec", "--help");
        assertEquals(0, r.rc());
        assertTrue(r.out().contains("--console-socket"), r.out());
        assertEquals(1, jrunc("frobnicate").rc());
    }
}
