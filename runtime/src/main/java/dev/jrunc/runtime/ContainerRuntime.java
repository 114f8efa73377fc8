package dev.jrunc.runtime;

import dev.jrunc.spec.ConfigException;
import dev.jrunc.spec.ConfigLoader;
import dev.jrunc.runtime.container.ContainerEngine;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.state.State;
import dev.jrunc.spec.state.StateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The container lifecycle, one method per runtime operation; the CLI parses flags into
 * requests and calls these. This is where the launch engine plugs in: each method
 * first does the checks that must hold whatever the engine (config, id, existence),
 * then hands over; until an operation lands it throws {@link NotImplementedException}.
 */
public final class ContainerRuntime {
    private final RuntimeOptions options;

    public ContainerRuntime(RuntimeOptions options) {
        this.options = options;
    }

    public RuntimeOptions options() {
        return options;
    }

    private ContainerEngine engine;

    /** The lifecycle engine; made on first use so that commands without one stay light. */
    private ContainerEngine engine() {
        if (engine == null) {
            engine = new ContainerEngine(store().root(), options.log())
                    .systemdCgroup(options.systemdCgroup() || "systemd".equals(options.cgroupManager()));
        }
        return engine;
    }

    public StateStore store() {
        return options.store();
    }

    /** Loads and checks {@code bundle/config.json}: refuses a bad one naming the JSON pointer. */
    public Config loadConfig(Path bundle) throws JruncException {
        Path file = bundle.resolve(DefaultSpec.FILE_NAME);
        if (!Files.exists(file)) {
            throw new JruncException("JSON specification file " + file + " not found");
        }
        try {
            return ConfigLoader.load(bundle);
        } catch (ConfigException e) {
            throw new JruncException("invalid " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code create}: config first, then the id, then the engine. Nothing is written under
     * the root before the engine takes over.
     */
    public void create(CreateRequest req) throws JruncException {
        Config config = prepare(req);
        options.log().debug("create " + req.id() + ": config loaded, ociVersion " + config.ociVersion());
        engine().create(req, config);
    }

    /**
     * {@code run}: create, then start, then (unless detached) wait and delete. In the foreground
     * the signals jrunc gets go to the init from the start, and a relayed pty is pumped before
     * start, which may wait for the process's READY (NOTIFY_SOCKET) while it writes to its tty.
     */
    public int run(CreateRequest req) throws JruncException {
        Config config = prepare(req);
        if (req.detach()) {
            engine().create(req, config);
            try {
                engine().start(req.id(), 0); // NOTIFY_SOCKET: MAINPID is the init's
            } catch (JruncException e) {
                engine().delete(req.id(), true);
                throw e;
            }
            return 0;
        }
        try (var signals = dev.jrunc.runtime.container.SignalForwarder.install()) {
            int pid = engine().foreground(true).create(req, config);
            signals.attach(pid);
            int master = engine().ptyMaster();
            var relay = master >= 0 ? dev.jrunc.runtime.console.TtyRelay.start(master) : null;
            signals.relay(relay);
            try {
                // NOTIFY_SOCKET: MAINPID is ours, as runc's: we stay in front
                engine().start(req.id(), ProcessHandle.current().pid());
            } catch (JruncException e) {
                engine().delete(req.id(), true);
                if (relay != null) relay.finish(0);
                throw e;
            }
            int status = ContainerEngine.waitFor(pid);
            if (relay != null) relay.finish(status);
            if (!req.keep()) engine().delete(req.id(), true);
            return status;
        }
    }

    /** {@code restore}: create from a criu image. */
    public int restore(CreateRequest req, CriuRequest criu) throws JruncException {
        prepare(req);
        throw new NotImplementedException("restore");
    }

    private Config prepare(CreateRequest req) throws JruncException {
        Config config = loadConfig(req.bundle());
        if (store().exists(req.id())) {
            throw new JruncException("container with given ID already exists");
        }
        return config;
    }

    /** {@code start}: run the user process of a created container. */
    public void start(String id) throws JruncException {
        store().require(id);
        engine().start(id);
    }

    /** {@code state}: the state document of a container, as JSON text. */
    public String state(String id) throws JruncException {
        store().require(id);
        return StateJson.write(engine().state(id));
    }

    /** {@code kill}: the id is checked before the signal, as runc does. */
    public void kill(String id, String signal, boolean all) throws JruncException {
        store().require(id);
        int sig = Signals.parse(signal);
        options.log().debug("kill " + id + " " + Signals.name(sig) + (all ? " (all)" : ""));
        engine().kill(id, sig, all);
    }

    /** {@code delete}: with {@code force}, a missing container is not an error. */
    public void delete(String id, boolean force) throws JruncException {
        if (!store().exists(id)) {
            if (force) return;
            throw new ContainerNotFoundException(id);
        }
        engine().delete(id, force);
    }

    /** {@code exec}: returns the process's exit status unless detached. */
    public int exec(ExecRequest req) throws JruncException {
        store().require(req.id());
        if (req.processJson() == null && req.args().isEmpty()) {
            throw new JruncException("exec args cannot be empty");
        }
        return new dev.jrunc.runtime.container.ExecEngine(store().root(), options.log()).exec(req);
    }

    /** {@code ps}: the container's processes, as a table or JSON list of pids. */
    public String ps(String id, String format, List<String> psArgs) throws JruncException {
        store().require(id);
        return cgroups().ps(id, format, psArgs);
    }

    /** {@code list}: the containers under the root, with their states. */
    public List<State> list() throws JruncException {
        return engine().list();
    }

    public void pause(String id) throws JruncException {
        store().require(id);
        cgroups().pause(id);
    }

    public void resume(String id) throws JruncException {
        store().require(id);
        cgroups().resume(id);
    }

    /** {@code events}: streams events (or one stats sample) as JSON lines. */
    public void events(String id, boolean stats, long intervalMillis, java.io.PrintStream out) throws JruncException {
        store().require(id);
        cgroups().events(id, stats, intervalMillis, out);
    }

    public void update(UpdateRequest req, java.io.InputStream stdin) throws JruncException {
        store().require(req.id());
        cgroups().update(req.id(), req.resourcesFile(), req.values(), stdin);
    }

    /** pause, resume, ps, events, update: the container's cgroup. */
    private dev.jrunc.runtime.cgroup.CgroupCommands cgroups() {
        return new dev.jrunc.runtime.cgroup.CgroupCommands(store().root(), options.log());
    }

    public void checkpoint(CriuRequest req) throws JruncException {
        store().require(req.id());
        throw new NotImplementedException("checkpoint");
    }
}
