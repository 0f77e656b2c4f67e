package io.hacluster.agent.node;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.agent.config.AgentConfig;
import io.hacluster.agent.config.AgentSettings;
import io.hacluster.agent.domain.WitnessWatch;
import io.hacluster.agent.driver.ContainerRuntime;
import io.hacluster.agent.driver.StorageDriver;
import io.hacluster.agent.driver.WitnessStore;
import io.hacluster.agent.driver.local.ProcessRuntime;
import io.hacluster.agent.driver.local.SharedDirStorage;
import io.hacluster.agent.driver.local.SharedDirWitness;
import io.hacluster.agent.driver.simulated.SimulatedRuntime;
import io.hacluster.agent.driver.simulated.SimulatedStorage;
import io.hacluster.events.Resources;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The nodes this process speaks for (one, or many in simulation mode), their drivers, and the timers that drive them:
 * heartbeats every heartbeat interval, the isolation watch and status several times per isolation timeout, lease
 * renewals every renewal interval, and the storage witness on a thread of its own.
 */
@ApplicationScoped
public class AgentHost {

    private static final Logger LOG = Logger.getLogger(AgentHost.class);

    @Inject
    AgentConfig config;

    @Inject
    Outbox outbox;

    private final Map<String, NodeAgent> nodes = new LinkedHashMap<>();
    private StorageDriver storage;
    private WitnessStore witness;
    private ScheduledExecutorService timers;
    private ScheduledExecutorService witnessTimer;
    private ScheduledExecutorService checkTimer;
    private ExecutorService checkRunner;

    void onStart(@Observes StartupEvent event) {
        AgentSettings.validate(config);
        storage = switch (config.storage().driver()) {
            case SIMULATED -> new SimulatedStorage(config.storage().mountDelay());
            case SHARED_DIR -> new SharedDirStorage(config.storage().root().orElseThrow());
        };
        // the simulated storage has no witness: its nodes share one process, so one fate, and a thousand of them
        // reading each other's slots would cost more than the simulation
        witness = AgentSettings.usesWitness(config)
                ? new SharedDirWitness(config.storage().root().orElseThrow())
                : null;
        NodeAgent.Settings settings = new NodeAgent.Settings(
                new Resources(config.capacity().cpuMillis(), config.capacity().memoryMb()),
                config.volumes().orElse(java.util.List.of()), config.heartbeatInterval(), config.isolationTimeout(),
                config.isolationLagAllowance(), config.statusInterval(), config.commandLedgerSize(),
                config.storage().leaseTimeout(),
                new WitnessWatch.Settings(config.witness().interval(), config.witness().timeout()),
                config.witness().recoveryGrace());
        Clock clock = Clock.systemUTC();
        checkRunner = Executors.newFixedThreadPool(CHECK_THREADS, daemon("node-agent-check"));
        for (String nodeId : AgentSettings.nodeIds(config)) {
            nodes.put(nodeId, new NodeAgent(nodeId, settings, storage, witness, runtimeFactory(nodeId), outbox,
                    clock, MonotonicClock.SYSTEM, checkRunner));
        }
        timers = Executors.newScheduledThreadPool(3, daemon("node-agent-timer"));
        schedule(timers, config.heartbeatInterval(), NodeAgent::sendHeartbeat);
        schedule(timers, settings.watchPeriod(), NodeAgent::tick);
        schedule(timers, config.storage().renewInterval(), NodeAgent::renewLeases);
        // health checks on threads of their own: a slow check never delays a heartbeat or the isolation watch
        checkTimer = Executors.newSingleThreadScheduledExecutor(daemon("node-agent-check-timer"));
        schedule(checkTimer, CHECK_SCAN_PERIOD, NodeAgent::checkHealth);
        if (witness != null) {
            // its own thread: a storage that hangs must not stop the heartbeats or the isolation watch
            witnessTimer = Executors.newSingleThreadScheduledExecutor(daemon("node-agent-witness"));
            schedule(witnessTimer, settings.watchPeriod(), NodeAgent::witness);
        }
        LOG.infof("node agent serving %d node(s) %s; runtime %s, storage %s; heartbeat every %d ms, isolation "
                + "timeout %d ms, lag allowance %d ms; %s", nodes.size(), nodes.size() <= 5 ? nodes.keySet() : "",
                config.runtime().driver(), config.storage().driver(), config.heartbeatInterval().toMillis(),
                config.isolationTimeout().toMillis(), config.isolationLagAllowance().toMillis(),
                witness == null
                        ? "no storage witness: cut off from Kafka, it fences itself"
                        : "storage witness every " + config.witness().interval().toMillis() + " ms, stale after "
                                + config.witness().timeout().toMillis() + " ms");
    }

    /** How often the agent looks for health checks that are due: their timing is this precise. */
    static final Duration CHECK_SCAN_PERIOD = Duration.ofMillis(100);

    /** At most this many health checks run at once in one agent process; more wait their turn. */
    static final int CHECK_THREADS = 4;

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private Function<ContainerRuntime.ExitListener, ContainerRuntime> runtimeFactory(String nodeId) {
        return switch (config.runtime().driver()) {
            case SIMULATED -> listener -> new SimulatedRuntime(config.runtime().startDelay(),
                    config.runtime().stopDelay(), listener);
            case PROCESS -> listener -> new ProcessRuntime(nodeId, config.runtime().logDir()
                    .orElse(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "ha-cluster-containers")),
                    listener);
        };
    }

    private void schedule(ScheduledExecutorService executor, Duration period, Consumer<NodeAgent> task) {
        executor.scheduleAtFixedRate(() -> {
            for (NodeAgent node : nodes.values()) {
                try {
                    task.accept(node);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "node %s: timer task failed", node.nodeId());
                }
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timers != null) {
            timers.shutdownNow();
        }
        if (checkTimer != null) {
            checkTimer.shutdownNow();
            checkRunner.shutdownNow();
        }
        if (witnessTimer != null) {
            witnessTimer.shutdownNow();
        }
        nodes.values().forEach(NodeAgent::shutdown);
        if (storage != null) {
            storage.close();
        }
    }

    /** The node with this id, if this process speaks for it. */
    public Optional<NodeAgent> node(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    public Collection<NodeAgent> nodes() {
        return nodes.values();
    }

    /** The storage driver shared by this process's nodes. */
    public StorageDriver storage() {
        return storage;
    }
}
