package dev.jrunc.conformance.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import dev.jrunc.conformance.Jrunc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Docker on jrunc, through Testcontainers and the Docker API: a private dockerd
 * ({@link PrivateDockerd}) knows jrunc as the runtime "jrunc", and every
 * container here is created with {@code HostConfig.runtime=jrunc}. Each test
 * checks what Docker reports (inspect, logs, exec results) and what the
 * container or the host sees (output, cgroup files, /proc).
 */
class DockerEngineTest {
    private static final long MIB64 = 64L * 1024 * 1024;
    private static PrivateDockerd dockerd;

    @BeforeAll
    static void startDockerd() {
        dockerd = PrivateDockerd.start(Jrunc.binary());
    }

    @AfterAll
    static void stopDockerd() {
        if (dockerd != null) dockerd.close();
    }

    /** a busybox container on jrunc, no network, never pulled */
    private static GenericContainer<?> container(String... command) {
        return container(c -> {}, command);
    }

    @SuppressWarnings("resource")
    private static GenericContainer<?> container(Consumer<CreateContainerCmd> more, String... command) {
        return new GenericContainer<>(DockerImageName.parse(PrivateDockerd.IMAGE))
                .withImagePullPolicy(image -> false)
                .withNetworkMode("none")
                .withCommand(command)
                .withCreateContainerCmdModifier(cmd -> {
                    HostConfig hc = cmd.getHostConfig() == null ? HostConfig.newHostConfig() : cmd.getHostConfig();
                    cmd.withHostConfig(hc.withRuntime(PrivateDockerd.RUNTIME));
                    more.accept(cmd);
                });
    }

    /** startup is done once the container ran to its end, whatever its exit code */
    private static final class RanToCompletion extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient client, String id) {
            InspectContainerResponse.ContainerState s = getCurrentState(client, id);
            return Boolean.TRUE.equals(s.getRunning()) || "created".equals(s.getStatus())
                    ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
        }
    }

    private static StartupCheckStrategy ranToCompletion() {
        return new RanToCompletion().withTimeout(Duration.ofSeconds(60));
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    private static InspectContainerResponse inspect(GenericContainer<?> c) {
        return client().inspectContainerCmd(c.getContainerId()).exec();
    }

    private static boolean exited(String id) {
        return "exited".equals(client().inspectContainerCmd(id).exec().getState().getStatus());
    }

    @Test
    void dockerKnowsJruncAsARuntime() {
        var runtimes = client().infoCmd().exec().getRuntimes();
        assertTrue(runtimes.containsKey(PrivateDockerd.RUNTIME), "docker info runtimes: " + runtimes);
        assertEquals(dockerd.runtimeBinary.toString(), runtimes.get(PrivateDockerd.RUNTIME).getPath());
    }

    @Test
    void runReportsExitCodesAndLogs() {
        try (var c = container("sh", "-c", "echo out-line; echo err-line >&2; exit 3")
                .withStartupCheckStrategy(ranToCompletion())) {
            c.start();
            InspectContainerResponse info = inspect(c);
            assertEquals(PrivateDockerd.RUNTIME, info.getHostConfig().getRuntime());
            assertEquals("exited", info.getState().getStatus());
            assertEquals(3L, info.getState().getExitCodeLong());
            assertEquals("out-line", c.getLogs(OutputType.STDOUT).strip());
            assertEquals("err-line", c.getLogs(OutputType.STDERR).strip());
        }
        try (var c = container("true").withStartupCheckStrategy(ranToCompletion())) {
            c.start();
            assertEquals(0L, inspect(c).getState().getExitCodeLong());
        }
    }

    @Test
    void missingCommandIsExitCode127() {
        // plain Docker API (Testcontainers removes a container that fails to start):
        // dockerd maps the runtime's "no such file or directory" to 127
        String id = client().createContainerCmd(PrivateDockerd.IMAGE)
                .withCmd("/no/such/cmd")
                .withHostConfig(HostConfig.newHostConfig().withRuntime(PrivateDockerd.RUNTIME).withNetworkMode("none"))
                .exec().getId();
        try {
            Exception e = assertThrows(Exception.class, () -> client().startContainerCmd(id).exec());
            assertTrue(e.getMessage().contains("no such file or directory"), e::getMessage);
            assertEquals(127L, client().inspectContainerCmd(id).exec().getState().getExitCodeLong());
        } finally {
            client().removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void execReportsExitCodeAndOutput() throws Exception {
        try (var c = container("sleep", "100000")) {
            c.start();
            InspectContainerResponse info = inspect(c);
            long pid = info.getState().getPidLong();
            // the runtime under test made it: jrunc's own state for the container, same pid
            Host.Result state = Host.run(dockerd.dir.resolve("cmd"), Map.of(), Duration.ofSeconds(30), List.of(
                    dockerd.runtimeBinary.toString(), "--root", dockerd.runtimeRoot().toString(), "state", c.getContainerId()));
            assertEquals(0, state.exit(), state::toString);
            assertTrue(state.out().contains("\"status\": \"running\"") || state.out().contains("\"status\":\"running\""), state::toString);
            assertTrue(state.out().replace(" ", "").contains("\"pid\":" + pid), state::toString);

            ExecResult r = c.execInContainer("sh", "-c", "echo hi; echo oops >&2; exit 5");
            assertEquals(5, r.getExitCode(), r::toString);
            assertEquals("hi", r.getStdout().strip());
            assertEquals("oops", r.getStderr().strip());
            ExecResult ok = c.execInContainer("sh", "-c", "echo $$ $(cat /proc/1/comm)");
            assertEquals(0, ok.getExitCode(), ok::toString);
            String[] f = ok.getStdout().strip().split(" ");
            assertNotEquals("1", f[0], "exec'd shell must not be the container's init");
            assertEquals("sleep", f[1], "exec joins the container's pid namespace");
            // dockerd maps the runtime's exec failure for a missing binary to 126
            assertEquals(126, c.execInContainer("/no/such/cmd").getExitCode());
        }
    }

    @Test
    void stopDeliversSigtermAndReports143() {
        // PID 1 of a pid namespace only dies of signals it handles: the trap exits 128+15
        try (var c = container("sh", "-c", "trap 'exit 143' TERM; sleep 100000 & wait")) {
            c.start();
            String id = c.getContainerId();
            client().stopContainerCmd(id).withTimeout(60).exec();   // SIGKILL only after 60 s (then 137)
            InspectContainerResponse.ContainerState s = client().inspectContainerCmd(id).exec().getState();
            assertEquals("exited", s.getStatus());
            assertEquals(143L, s.getExitCodeLong(), "the SIGTERM reached the trap");
        }
    }

    @Test
    void killReports137() {
        try (var c = container("sleep", "100000")) {
            c.start();
            String id = c.getContainerId();
            long pid = inspect(c).getState().getPidLong();
            client().killContainerCmd(id).exec();                    // SIGKILL
            assertTrue(Host.await(Duration.ofSeconds(20), () -> exited(id)), "container did not exit after kill");
            InspectContainerResponse.ContainerState s = client().inspectContainerCmd(id).exec().getState();
            assertEquals(137L, s.getExitCodeLong());
            assertFalse(Boolean.TRUE.equals(s.getOOMKilled()));
            assertTrue(Host.await(Duration.ofSeconds(10), () -> !Files.exists(Path.of("/proc/" + pid))), "pid " + pid + " still alive");
        }
    }

    @Test
    void pauseFreezesAndUnpauseThaws() {
        try (var c = container("sh", "-c", "i=0; while :; do i=$((i+1)); echo $i > /tmp/count; sleep 0.05; done")) {
            c.start();
            String id = c.getContainerId();
            long pid = inspect(c).getState().getPidLong();
            Path count = Path.of("/proc/" + pid + "/root/tmp/count");
            assertTrue(Host.await(Duration.ofSeconds(20), () -> !Host.read(count).isBlank()), "the counter never ran");

            client().pauseContainerCmd(id).exec();
            InspectContainerResponse.ContainerState paused = client().inspectContainerCmd(id).exec().getState();
            assertEquals(Boolean.TRUE, paused.getPaused());
            assertEquals("paused", paused.getStatus());
            assertEquals("FROZEN", Host.freezerStateOf(pid));
            String frozenAt = Host.read(count).strip();
            Host.sleep(500);   // ten loop turns, were it running
            assertEquals(frozenAt, Host.read(count).strip(), "the counter advanced while paused");

            client().unpauseContainerCmd(id).exec();
            InspectContainerResponse.ContainerState resumed = client().inspectContainerCmd(id).exec().getState();
            assertEquals(Boolean.FALSE, resumed.getPaused());
            assertEquals("running", resumed.getStatus());
            assertEquals("THAWED", Host.freezerStateOf(pid));
            assertTrue(Host.await(Duration.ofSeconds(20), () -> !Host.read(count).strip().equals(frozenAt)),
                    "the counter did not move after unpause");
        }
    }

    @Test
    void memoryLimitIsReportedAndSeenInside() throws Exception {
        try (var c = container(cmd -> cmd.getHostConfig().withMemory(MIB64), "sleep", "100000")) {
            c.start();
            InspectContainerResponse info = inspect(c);
            assertEquals(MIB64, info.getHostConfig().getMemory());
            ExecResult inside = c.execInContainer("sh", "-c", Host.INSIDE_MEMLIMIT);
            assertEquals(0, inside.getExitCode(), inside::toString);
            assertEquals(String.valueOf(MIB64), inside.getStdout().strip(), "the container's own cgroup file");
            assertEquals(String.valueOf(MIB64), Host.memoryLimitOf(info.getState().getPidLong()), "the host's cgroup file");
        }
    }

    @Test
    void ttyOutputComesThroughThePty() {
        try (var c = container(cmd -> cmd.withTty(true),
                "sh", "-c", "tty; [ -t 0 ] && echo stdin-is-tty; [ -t 1 ] && echo stdout-is-tty")
                .withStartupCheckStrategy(ranToCompletion())) {
            c.start();
            InspectContainerResponse info = inspect(c);
            assertEquals(Boolean.TRUE, info.getConfig().getTty());
            assertEquals(0L, info.getState().getExitCodeLong(), c::getLogs);
            List<String> lines = c.getLogs().replace("\r", "").lines().map(String::strip).toList();
            assertEquals(List.of("/dev/pts/0", "stdin-is-tty", "stdout-is-tty"), lines);
        }
    }
}
