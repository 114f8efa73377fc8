package dev.jrunc.linux.trampoline;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.SysNr;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real launches (needs Linux, x86-64; runs as any user except where noted). */
class TrampolineTest {
    static final List<String> ENV = List.of("PATH=/usr/bin:/bin");
    static final int AT_FDCWD = -100;

    /** Launches in fork mode with an O_CLOEXEC error pipe; returns {pid, errReadFd}. */
    static int[] launch(CloneSpec spec, Plan plan) {
        int[] err = T.pipe();
        Trampoline.Child c = Trampoline.launch(spec, plan, err[1]);
        T.close(err[1]);
        return new int[] {c.pid(), err[0]};
    }

    @Test
    void writesHelloAndExecsTrue() {
        int[] out = T.pipe();
        Plan plan;
        try (PlanBuilder b = new PlanBuilder()) {
            b.write(out[1], "hello".getBytes(), "saying hello");
            b.execve("/bin/true", List.of("true"), ENV);
            plan = b.build();
        }
        try (plan) {
            int[] c = launch(CloneSpec.fork(), plan);
            T.close(out[1]);
            assertNull(PlanRecord.read(c[1], plan), "no failure record");
            assertEquals(0, T.waitExit(c[0]));
            assertEquals("hello", T.readAll(out[0]));
            T.close(out[0]);
            T.close(c[1]);
        }
    }

    @Test
    void failingStepIsReportedWithItsDescription() {
        try (PlanBuilder b = new PlanBuilder()) {
            b.add("asking for the pid", SysNr.getpid);
            b.add("asking for the parent pid", SysNr.getppid);
            b.add("creating /nonexistent-jrunc/sub", SysNr.mkdirat, Arg.of(AT_FDCWD),
                    b.cstring("/nonexistent-jrunc/sub"), Arg.of(0755));
            b.execve("/bin/true", List.of("true"), ENV);
            try (Plan plan = b.build()) {
                int[] c = launch(CloneSpec.fork(), plan);
                PlanRecord r = PlanRecord.read(c[1], plan);
                PlanFailure f = assertInstanceOf(PlanFailure.class, r);
                assertEquals(2, f.step());
                assertEquals(Errno.ENOENT, f.errno());
                assertEquals("creating /nonexistent-jrunc/sub: ENOENT (step 2)", f.message());
                assertNull(PlanRecord.read(c[1], plan));
                assertEquals(Trampoline.FAILURE_EXIT_CODE, T.waitExit(c[0]));
                T.close(c[1]);
            }
        }
    }

    @Test
    void ignorableErrnoContinues() {
        int[] out = T.pipe();
        try (PlanBuilder b = new PlanBuilder()) {
            b.addIgnoring(Errno.EEXIST, "creating /tmp", SysNr.mkdirat, Arg.of(AT_FDCWD), b.cstring("/tmp"),
                    Arg.of(01777));
            b.write(out[1], "ok".getBytes(), "saying ok");
            try (Plan plan = b.build()) { // no execve: falls off the end, exit_group(0)
                int[] c = launch(CloneSpec.fork(), plan);
                T.close(out[1]);
                assertNull(PlanRecord.read(c[1], plan));
                assertEquals(0, T.waitExit(c[0]));
                assertEquals("ok", T.readAll(out[0]));
                T.close(out[0]);
                T.close(c[1]);
            }
        }
    }

    @Test
    void resultOfAnEarlierEntryIsUsedAsArgument() throws Exception {
        Path file = Files.createTempFile("jrunc-plan", ".txt");
        try (PlanBuilder b = new PlanBuilder()) {
            int open = b.add("opening " + file, SysNr.openat, Arg.of(AT_FDCWD), b.cstring(file.toString()),
                    Arg.of(01 | 0100 | 01000 | T.O_CLOEXEC), Arg.of(0644));
            b.add("asking for the pid", SysNr.getpid);
            b.add("asking for the parent pid", SysNr.getppid);
            b.add("writing to " + file, SysNr.write, Arg.result(open), b.cstring("data"), Arg.of(4));
            try (Plan plan = b.build()) {
                assertEquals("#3 write($0, \"data\", 4) = ? // writing to " + file, plan.describe().lines().toList().get(3));
                int[] c = launch(CloneSpec.fork(), plan);
                assertNull(PlanRecord.read(c[1], plan));
                assertEquals(0, T.waitExit(c[0]));
                assertEquals("data", Files.readString(file));
                T.close(c[1]);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void referenceToALaterEntryIsRejected() {
        try (PlanBuilder b = new PlanBuilder()) {
            assertThrows(IllegalArgumentException.class, () -> b.add("x", SysNr.close, Arg.result(0)));
        }
    }

    @Test
    void syncPointBlocksUntilTheParentWrites() throws Exception {
        int[] out = T.pipe();
        int[] sync = T.pipe();
        try (PlanBuilder b = new PlanBuilder()) {
            b.close(sync[1], "closing the child's copy of the sync pipe");
            b.syncPoint(sync[0], "waiting for jrunc");
            b.write(out[1], "after".getBytes(), "saying after");
            b.execve("/bin/true", List.of("true"), ENV);
            try (Plan plan = b.build()) {
                int[] c = launch(CloneSpec.fork(), plan);
                T.close(out[1]);
                String state = T.awaitSleeping(c[0]);
                assertTrue(state.startsWith("S"), state);
                T.write(sync[1], "x");
                assertNull(PlanRecord.read(c[1], plan));
                assertEquals(0, T.waitExit(c[0]));
                assertEquals("after", T.readAll(out[0]));
            } finally {
                T.close(out[0]);
                T.close(sync[0]);
                T.close(sync[1]);
            }
        }
    }

    @Test
    void syncPointFailsWhenTheParentClosesThePipe() throws Exception {
        int[] sync = T.pipe();
        try (PlanBuilder b = new PlanBuilder()) {
            b.close(sync[1], "closing the child's copy of the sync pipe");
            b.syncPoint(sync[0], "waiting for jrunc");
            b.execve("/bin/true", List.of("true"), ENV);
            try (Plan plan = b.build()) {
                int[] c = launch(CloneSpec.fork(), plan);
                T.awaitSleeping(c[0]);
                T.close(sync[1]);
                PlanFailure f = assertInstanceOf(PlanFailure.class, PlanRecord.read(c[1], plan));
                assertEquals(2, f.step());
                assertEquals(Errno.EINVAL, f.errno());
                assertEquals(Trampoline.FAILURE_EXIT_CODE, T.waitExit(c[0]));
            } finally {
                T.close(sync[0]);
            }
        }
    }

    /** The waiting init: all hygiene steps, then READY, then blocked on the sync pipe. THE key numbers. */
    @Test
    void waitingInitIsTinyAndStillExecs() throws Exception {
        int[] out = T.pipe();
        int[] sync = T.pipe();
        int[] err = T.pipe();
        try (PlanBuilder b = new PlanBuilder()) {
            assertTrue(b.unregisterRseq() >= 0, "glibc registers rseq here");
            b.resetSignalHandlers();
            b.resetSignalMask();
            b.dupTo(out[1], 1, "stdout to the test pipe");
            b.close(sync[1], "closing the child's copy of the sync pipe");
            b.closeFdsOnExec();
            b.unmapJvm();
            b.report(err[1], 1, "READY");
            b.syncPoint(sync[0], "waiting for jrunc");
            b.execve("/bin/sh", List.of("sh", "-c", "echo ok"), ENV);
            try (Plan plan = b.build()) {
                System.out.println(plan.describe());
                int pid = Trampoline.launch(CloneSpec.fork(), plan, err[1]).pid();
                T.close(err[1]);
                T.close(out[1]);
                PlanRecord ready = PlanRecord.read(err[0], plan);
                assertInstanceOf(PlanReport.class, ready, String.valueOf(ready));
                assertEquals(1, ((PlanReport) ready).code());
                String state = T.awaitSleeping(pid);
                String rss = T.status(pid, "VmRSS");
                String threads = T.status(pid, "Threads");
                String vmSize = T.status(pid, "VmSize");
                System.out.println("waiting init: State " + state + ", VmRSS " + rss + ", VmSize " + vmSize
                        + ", Threads " + threads + ", maps:\n" + Files.readString(Path.of("/proc/" + pid + "/maps")));
                assertTrue(state.startsWith("S"), state);
                assertEquals("1", threads);
                assertTrue(Integer.parseInt(rss.replace(" kB", "")) <= 64, "VmRSS " + rss);
                T.write(sync[1], "x");
                assertNull(PlanRecord.read(err[0], plan));
                assertEquals(0, T.waitExit(pid));
                assertEquals("ok\n", T.readAll(out[0]));
            } finally {
                T.close(out[0]);
                T.close(sync[0]);
                T.close(sync[1]);
                T.close(err[0]);
            }
        }
    }

    @Test
    void signalMaskIsResetForTheExecdProgram() throws Exception {
        int[] out = T.pipe();
        try (PlanBuilder b = new PlanBuilder()) {
            b.resetSignalHandlers();
            b.resetSignalMask();
            b.dupTo(out[1], 1, "stdout to the test pipe");
            b.closeFdsOnExec();
            b.execve("/bin/sh", List.of("sh", "-c", "grep SigBlk /proc/self/status"), ENV);
            try (Plan plan = b.build()) {
                System.out.println("launching thread: " + Files.readAllLines(Path.of("/proc/thread-self/status"))
                        .stream().filter(l -> l.startsWith("SigBlk")).toList());
                int[] c = launch(CloneSpec.fork(), plan);
                T.close(out[1]);
                assertNull(PlanRecord.read(c[1], plan));
                assertEquals(0, T.waitExit(c[0]));
                assertEquals("SigBlk:\t0000000000000000\n", T.readAll(out[0]));
                T.close(out[0]);
                T.close(c[1]);
            }
        }
    }

    @Test
    void onlyStdioAndKeptFdsReachTheExecdProgram() throws Exception {
        int[] out = T.pipe();
        int[] spare = T.pipe(); // stands for an fd the container must keep (moved to 5)
        long javaFds;
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            javaFds = s.count();
        }
        assertTrue(javaFds > 6, "the JVM has fds open: " + javaFds);
        try (PlanBuilder b = new PlanBuilder()) {
            b.dupTo(out[1], 1, "stdout to the test pipe");
            b.dupTo(spare[0], 5, "keeping the spare pipe as fd 5");
            b.closeFdsOnExec(5);
            // ls opens /proc/self/fd itself: that is fd 3
            b.execve("/bin/ls", List.of("ls", "/proc/self/fd"), ENV);
            try (Plan plan = b.build()) {
                int[] c = launch(CloneSpec.fork(), plan);
                T.close(out[1]);
                assertNull(PlanRecord.read(c[1], plan));
                assertEquals(0, T.waitExit(c[0]));
                assertEquals(List.of("0", "1", "2", "3", "5"), T.readAll(out[0]).lines().toList());
                T.close(out[0]);
                T.close(c[1]);
            }
        } finally {
            T.close(spare[0]);
            T.close(spare[1]);
        }
    }

    @Test
    void manyLaunchesDoNotHang() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        System.out.println("forking a JVM with VmRSS " + T.status(self, "VmRSS") + ", VmPTE " + T.status(self, "VmPTE")
                + ", " + Files.readAllLines(Path.of("/proc/self/maps")).size() + " mappings, "
                + T.status(self, "Threads") + " threads");
        // 2000 launches, but stop after 12 s (a loaded machine) as long as 500 ran
        long[] fork = loop(CloneSpec.fork(), 2000, 500, 12_000_000_000L);
        long[] vfork = loop(CloneSpec.vfork(), 500, 500, Long.MAX_VALUE);
        System.out.printf("fork mode: %d launches, median launch %.1f us, median launch+exit %.1f us%n",
                fork[2], fork[0] / 1e3, fork[1] / 1e3);
        System.out.printf("vfork mode: %d launches, median launch (returns after exec) %.1f us, median launch+exit %.1f us%n",
                vfork[2], vfork[0] / 1e3, vfork[1] / 1e3);
    }

    /** Returns {median launch ns, median launch+wait ns, iterations}. */
    private static long[] loop(CloneSpec spec, int n, int min, long budgetNs) {
        long[] launch = new long[n];
        long[] total = new long[n];
        int done = 0;
        long start = System.nanoTime();
        try (PlanBuilder b = new PlanBuilder(16, 4096)) {
            b.execve("/bin/true", List.of("true"), ENV);
            try (Plan plan = b.build()) {
                for (; done < n && (done < min || System.nanoTime() - start < budgetNs); done++) {
                    long t0 = System.nanoTime();
                    int pid = Trampoline.launch(spec, plan, -1).pid();
                    long t1 = System.nanoTime();
                    assertEquals(0, T.waitExit(pid), "iteration " + done);
                    long t2 = System.nanoTime();
                    launch[done] = t1 - t0;
                    total[done] = t2 - t0;
                }
            }
        }
        Arrays.sort(launch, 0, done);
        Arrays.sort(total, 0, done);
        return new long[] {launch[done / 2], total[done / 2], done};
    }

    @Test
    void vforkModeRunsASimplePlan() {
        int[] out = T.pipe();
        try (PlanBuilder b = new PlanBuilder()) {
            int w = b.write(out[1], "vfork".getBytes(), "saying vfork");
            b.execve("/bin/true", List.of("true"), ENV);
            try (Plan plan = b.build()) {
                int[] c = launch(CloneSpec.vfork(), plan);
                // the child shares our memory: its results are visible here
                assertEquals(5, plan.result(w));
                T.close(out[1]);
                assertNull(PlanRecord.read(c[1], plan));
                assertEquals(0, T.waitExit(c[0]));
                assertEquals("vfork", T.readAll(out[0]));
                T.close(out[0]);
                T.close(c[1]);
            }
        }
    }

    @Test
    void vforkModeReportsAFailure() {
        try (PlanBuilder b = new PlanBuilder()) {
            b.add("asking for the pid", SysNr.getpid);
            b.execve("/nonexistent-jrunc/prog", List.of("prog"), ENV);
            try (Plan plan = b.build()) {
                int[] c = launch(CloneSpec.vfork(), plan);
                PlanFailure f = assertInstanceOf(PlanFailure.class, PlanRecord.read(c[1], plan));
                assertEquals("executing /nonexistent-jrunc/prog: ENOENT (step 1)", f.message());
                assertEquals(-Errno.ENOENT, plan.result(1));
                assertEquals(Trampoline.FAILURE_EXIT_CODE, T.waitExit(c[0]));
                T.close(c[1]);
            }
        }
    }

    @Test
    void vforkModeRefusesPlansThatUnmapMemory() {
        try (PlanBuilder b = new PlanBuilder()) {
            b.unmapJvm();
            try (Plan plan = b.build()) {
                assertThrows(IllegalArgumentException.class, () -> Trampoline.launch(CloneSpec.vfork(), plan, -1));
            }
        }
    }

    @Test
    void describePrintsLikeStrace() {
        try (PlanBuilder b = new PlanBuilder()) {
            b.add("mounting proc on /proc", SysNr.mount, b.cstring("proc"), b.cstring("/proc"), b.cstring("proc"),
                    Arg.of(0xe), Arg.NULL);
            b.addIgnoring(Errno.EEXIST, "creating /dev/pts", SysNr.mkdirat, Arg.of(AT_FDCWD), b.cstring("/dev/pts"),
                    Arg.of(0755));
            int fd = b.add("opening /dev/null", SysNr.openat, Arg.of(AT_FDCWD), b.cstring("/dev/null"),
                    Arg.of(02 | T.O_CLOEXEC), Arg.of(0));
            b.add("stdin from /dev/null", SysNr.dup3, Arg.result(fd), Arg.of(0), Arg.of(0));
            b.resetSignalMask();
            b.closeFdsOnExec(7);
            b.add("entering a new mount namespace", SysNr.unshare, Arg.of(0x20000 | 0x20000000));
            b.execve("/bin/sh", List.of("sh", "-c", "echo \"hi\""), List.of("A=1"));
            try (Plan plan = b.build()) {
                assertEquals("""
                        #0 mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL) = ? // mounting proc on /proc
                        #1 mkdirat(AT_FDCWD, "/dev/pts", 0755) = ? (EEXIST ok) // creating /dev/pts
                        #2 openat(AT_FDCWD, "/dev/null", O_RDWR|O_CLOEXEC, 0) = ? // opening /dev/null
                        #3 dup3($2, 0, 0) = ? // stdin from /dev/null
                        #4 rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = ? // unblocking all signals
                        #5 close_range(3, 6, CLOSE_RANGE_CLOEXEC) = ? // marking fds 3..6 close-on-exec
                        #6 close_range(8, ~0U, CLOSE_RANGE_CLOEXEC) = ? // marking fds 8 and up close-on-exec
                        #7 fcntl(7, F_SETFD, 0) = ? // keeping fd 7 open across exec
                        #8 unshare(CLONE_NEWNS|CLONE_NEWPID) = ? // entering a new mount namespace
                        #9 execve("/bin/sh", ["sh", "-c", "echo \\"hi\\""], ["A=1"]) = ? // executing /bin/sh
                        """, plan.describe());
            }
        }
    }

    @Test
    void failureMessageForAnUnknownStepStillReads() {
        try (PlanBuilder b = new PlanBuilder(4, 64); Plan plan = b.build()) {
            PlanRecord r = PlanRecord.decode(new byte[] {9, 0, 0, 0, 1, 0, 0, 0}, plan);
            assertEquals("step 9: EPERM (step 9)", ((PlanFailure) r).message());
            byte[] rep = new byte[8];
            rep[0] = (byte) 0xfe; rep[1] = rep[2] = rep[3] = (byte) 0xff; rep[4] = 7; // tag ~1, code 7
            assertEquals(new PlanReport(1, 7, "step 1"), PlanRecord.decode(rep, plan));
        }
    }
}
