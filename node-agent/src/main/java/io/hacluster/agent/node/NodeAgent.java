package io.hacluster.agent.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.hacluster.agent.domain.AgentLifecycle;
import io.hacluster.agent.domain.AgentMode;
import io.hacluster.agent.domain.CommandLedger;
import io.hacluster.agent.domain.CommandPlanner;
import io.hacluster.agent.domain.HealthWatch;
import io.hacluster.agent.domain.LeaseDecision;
import io.hacluster.agent.domain.LeaseRecord;
import io.hacluster.agent.domain.LocalContainer;
import io.hacluster.agent.domain.LocalMount;
import io.hacluster.agent.domain.MonotonicTime;
import io.hacluster.agent.domain.NodeView;
import io.hacluster.agent.domain.Outcome;
import io.hacluster.agent.domain.StaleMounts;
import io.hacluster.agent.domain.StatusSchedule;
import io.hacluster.agent.domain.WitnessView;
import io.hacluster.agent.domain.WitnessWatch;
import io.hacluster.agent.driver.ContainerLaunch;
import io.hacluster.agent.driver.ContainerRuntime;
import io.hacluster.agent.driver.StorageDriver;
import io.hacluster.agent.driver.WitnessStore;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;
import io.hacluster.events.WitnessSlot;

/**
 * One node's agent: its heartbeats, its status, its isolation watch, and the commands it carries out through its
 * drivers. The decisions come from the domain ({@link AgentLifecycle}, {@link CommandPlanner}, {@link StaleMounts});
 * this class carries them out. Driven from outside: {@link #sendHeartbeat}, {@link #tick} and {@link #renewLeases}
 * on timers, {@link #checkHealth} and {@link #witness} on timers of their own, {@link #execute} and
 * {@link #onNodeFailed} from the consumers.
 */
public final class NodeAgent {

    private static final Logger LOG = Logger.getLogger(NodeAgent.class);

    /**
     * A node's settings.
     *
     * @param capacity what it offers
     * @param reachableVolumes the volumes it can reach; empty means all
     * @param heartbeatInterval how often it sends heartbeats
     * @param isolationTimeout after how long without an acknowledged heartbeat it fences itself
     * @param isolationLagAllowance how much of its own lag (late acknowledgements, stalls) the isolation watch may
     *        add to the isolation timeout (ADR 0014)
     * @param statusInterval the longest time between two status reports
     * @param ledgerSize how many command outcomes it remembers
     * @param leaseTimeout after how long without a successful renewal it gives up a volume's lease
     * @param witness how often it writes its witness slot and when a slot is stale (used only with a witness store)
     * @param witnessRecoveryGrace how long, FROZEN, it waits for its own heartbeats once most others are back
     */
    public record Settings(Resources capacity, List<String> reachableVolumes, Duration heartbeatInterval,
            Duration isolationTimeout, Duration isolationLagAllowance, Duration statusInterval, int ledgerSize,
            Duration leaseTimeout, WitnessWatch.Settings witness, Duration witnessRecoveryGrace) {

        /** The defaults of {@code agent.storage.lease-timeout}, {@code agent.witness.interval} and {@code .timeout}. */
        public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofSeconds(10);

        public static final WitnessWatch.Settings DEFAULT_WITNESS = new WitnessWatch.Settings(Duration.ofMillis(500),
                Duration.ofMillis(1500));

        public Settings {
            reachableVolumes = reachableVolumes == null ? List.of() : List.copyOf(reachableVolumes);
            leaseTimeout = leaseTimeout == null ? DEFAULT_LEASE_TIMEOUT : leaseTimeout;
            witness = witness == null ? DEFAULT_WITNESS : witness;
            witnessRecoveryGrace = witnessRecoveryGrace == null
                    ? AgentLifecycle.Settings.DEFAULT_RECOVERY_GRACE
                    : witnessRecoveryGrace;
        }

        /** With the default lease timeout and witness timing. */
        public Settings(Resources capacity, List<String> reachableVolumes, Duration heartbeatInterval,
                Duration isolationTimeout, Duration isolationLagAllowance, Duration statusInterval, int ledgerSize) {
            this(capacity, reachableVolumes, heartbeatInterval, isolationTimeout, isolationLagAllowance,
                    statusInterval, ledgerSize, null, null, null);
        }

        /** The isolation watch runs twenty times per isolation timeout, at most every 100 ms. */
        public Duration watchPeriod() {
            return Duration.ofMillis(Math.max(10, Math.min(100, isolationTimeout.toMillis() / 20)));
        }

        /** The isolation bound the node advertises: it fences itself at the latest this long after sending. */
        public Duration isolationBound() {
            return isolationTimeout.plus(isolationLagAllowance);
        }
    }

    private final String nodeId;
    private final Settings settings;
    private final StorageDriver storage;
    private final ContainerRuntime runtime;
    private final Outbox outbox;
    private final Clock clock;
    private final MonotonicClock monotonic;
    private final Executor checkRunner;
    private final StatusSchedule statusSchedule;
    private final CommandLedger<CommandResult> ledger;
    private final WitnessStore witness; // null: no witness
    private final WitnessWatch witnessWatch; // guarded by itself; null without a witness

    // guarded by lifecycle
    private final AgentLifecycle lifecycle;
    private long heartbeatSeq;
    private long statusSeq;
    private final List<String> pastIncarnations = new ArrayList<>();

    // guarded by this
    private final Map<String, LocalMount> mounts = new LinkedHashMap<>();
    private final Map<String, LocalMount> reservations = new LinkedHashMap<>();
    private final Map<String, LocalContainer> containers = new LinkedHashMap<>();
    // when the lease of each mount was last mounted or renewed, on the monotonic clock
    private final Map<String, MonotonicTime> leaseRenewedAt = new HashMap<>();
    // the health checks of running containers; written under this, read without a lock to skip quickly
    private final Map<String, Watched> watches = new ConcurrentHashMap<>();

    private final AtomicBoolean changed = new AtomicBoolean(true);
    private volatile Resources usage = Resources.NONE;
    private volatile Instant lastStatusAt;
    private volatile NodeStatus.SelfFence lastSelfFence;
    private volatile NodeStatus lastStatus;
    private volatile Instant lastAcknowledgedAt;
    // the witness's input and output, on its own thread (never the tick's: a storage that hangs must not stop the
    // isolation watch); guarded by witnessIo
    private final ReentrantLock witnessIo = new ReentrantLock();
    private long witnessSeq;
    private MonotonicTime nextWriteAt;
    private MonotonicTime nextReadAt;
    private boolean witnessWriteFailing;
    private boolean witnessReadFailing;
    private final AtomicBoolean slotDue = new AtomicBoolean(true);

    /** The health check of one start of a container: valid while that start's record is the container's record. */
    private static final class Watched {

        final LocalContainer container;
        HealthWatch watch;

        Watched(LocalContainer container, HealthWatch watch) {
            this.container = container;
            this.watch = watch;
        }
    }

    /**
     * @param runtimeFactory makes the node's runtime, given the listener for containers that exit by themselves
     * @param clock the wall clock, for what the node reports
     * @param monotonic the clock the node measures time with
     * @param checkRunner runs health checks (each blocks up to its timeout); never the heartbeat or tick timers
     */
    public NodeAgent(String nodeId, Settings settings, StorageDriver storage,
            Function<ContainerRuntime.ExitListener, ContainerRuntime> runtimeFactory, Outbox outbox, Clock clock,
            MonotonicClock monotonic, Executor checkRunner) {
        this(nodeId, settings, storage, null, runtimeFactory, outbox, clock, monotonic, checkRunner);
    }

    /**
     * @param witness the storage witness, or null for none: cut off from Kafka, the node then always fences itself
     * @param runtimeFactory makes the node's runtime, given the listener for containers that exit by themselves
     * @param clock the wall clock, for what the node reports
     * @param monotonic the clock the node measures time with
     * @param checkRunner runs health checks (each blocks up to its timeout); never the heartbeat or tick timers
     */
    public NodeAgent(String nodeId, Settings settings, StorageDriver storage, WitnessStore witness,
            Function<ContainerRuntime.ExitListener, ContainerRuntime> runtimeFactory, Outbox outbox, Clock clock,
            MonotonicClock monotonic, Executor checkRunner) {
        this.nodeId = nodeId;
        this.witness = witness;
        this.witnessWatch = witness == null ? null : new WitnessWatch(nodeId, settings.witness());
        this.settings = settings;
        this.storage = storage;
        this.outbox = outbox;
        this.clock = clock;
        this.monotonic = monotonic;
        this.checkRunner = checkRunner;
        this.runtime = runtimeFactory.apply(this::containerExited);
        this.statusSchedule = new StatusSchedule(settings.statusInterval());
        this.ledger = new CommandLedger<>(settings.ledgerSize());
        this.lifecycle = new AgentLifecycle(newIncarnation(), new AgentLifecycle.Settings(
                settings.isolationTimeout(), settings.isolationLagAllowance(), settings.watchPeriod(),
                settings.witnessRecoveryGrace()));
        LOG.infof("node %s: incarnation %s, isolation timeout %d ms, lag allowance %d ms", nodeId,
                lifecycle.incarnation(), settings.isolationTimeout().toMillis(),
                settings.isolationLagAllowance().toMillis());
    }

    public String nodeId() {
        return nodeId;
    }

    public AgentMode mode() {
        synchronized (lifecycle) {
            return lifecycle.mode();
        }
    }

    public String incarnation() {
        synchronized (lifecycle) {
            return lifecycle.incarnation();
        }
    }

    /** The last status this node built, or null. */
    public NodeStatus lastStatus() {
        return lastStatus;
    }

    // ---------------------------------------------------------------------------------------------- heartbeats

    /**
     * Sends one heartbeat; its acknowledgement feeds the isolation watch. It advertises the isolation bound (isolation
     * timeout + lag allowance): the longest time after sending it that the agent may take to fence itself.
     */
    public CompletionStage<Void> sendHeartbeat() {
        MonotonicTime sentAt = monotonic.now();
        Instant sentAtWall = clock.instant();
        String incarnation;
        long seq;
        synchronized (lifecycle) {
            incarnation = lifecycle.incarnation();
            seq = ++heartbeatSeq;
        }
        NodeHeartbeat heartbeat = new NodeHeartbeat(nodeId, incarnation, seq, sentAtWall,
                settings.heartbeatInterval().toMillis(), settings.isolationBound().toMillis(), settings.capacity(),
                usage);
        return outbox.heartbeat(heartbeat).whenComplete((ok, failure) -> {
            if (failure == null) {
                lastAcknowledgedAt = clock.instant();
                onLifecycle(new AgentLifecycle.HeartbeatAcknowledged(incarnation, sentAt));
            } else {
                LOG.debugf("node %s: heartbeat %d not acknowledged: %s", nodeId, seq, failure.getMessage());
            }
        });
    }

    /**
     * Checks the isolation watch, with the witness once it is needed (the node freezes or fences itself if it is cut
     * off), and publishes the status when it is due.
     */
    public void tick() {
        AgentLifecycle.Result result;
        MonotonicTime at = monotonic.now();
        boolean needed;
        synchronized (lifecycle) {
            needed = witnessWatch != null && lifecycle.needsWitness(at);
        }
        WitnessView view = null;
        if (needed) {
            // what the witness thread last read; it reads at every step while the agent decides
            synchronized (witnessWatch) {
                view = witnessWatch.view(at);
            }
        }
        synchronized (lifecycle) {
            result = lifecycle.on(new AgentLifecycle.Tick(view), at);
        }
        Instant now = clock.instant();
        result.notice().ifPresent(this::notice);
        result.transition().ifPresent(t -> {
            log(t);
            if (t.to() == AgentMode.SELF_FENCED) {
                selfFence(t.why(), now);
            }
            changed.set(true);
            slotDue.set(true); // the others and the monitor see FROZEN or SELF_FENCED at the witness's next step
        });
        if (statusSchedule.due(changed.get(), lastStatusAt, now)) {
            publishStatus();
        }
    }

    private void onLifecycle(AgentLifecycle.Event event) {
        AgentLifecycle.Result result;
        synchronized (lifecycle) {
            result = lifecycle.on(event, monotonic.now());
        }
        result.notice().ifPresent(this::notice);
        result.transition().ifPresent(t -> {
            log(t);
            changed.set(true);
        });
    }

    private void notice(String notice) {
        LOG.infof("node %s: %s", nodeId, notice);
    }

    private void log(AgentLifecycle.Transition t) {
        LOG.infof("node %s: %s -> %s: %s", nodeId, t.from(), t.to(), t.why());
    }

    // ---------------------------------------------------------------------------------------------- isolation

    /**
     * The isolation response: stop every container forcibly, release every volume (the epoch is kept), record it,
     * and start a new incarnation with nothing, like a node rebooted by its watchdog.
     */
    private void selfFence(String reason, Instant now) {
        NodeStatus.SelfFence fence;
        synchronized (this) {
            List<String> stopped = new ArrayList<>(runtime.killAll());
            containers.values().stream().filter(LocalContainer::isLive).map(LocalContainer::containerId)
                    .filter(id -> !stopped.contains(id)).forEach(stopped::add);
            stopped.sort(null);
            List<String> released = new ArrayList<>();
            List<LocalMount> held = new ArrayList<>(mounts.values());
            held.addAll(reservations.values());
            for (LocalMount mount : held) {
                try {
                    storage.release(mount.volumeId(), nodeId, mount.epoch(), now);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "node %s: could not release volume %s while fencing itself", nodeId,
                            mount.volumeId());
                }
                if (!released.contains(mount.volumeId())) {
                    released.add(mount.volumeId());
                }
            }
            released.sort(null);
            mounts.clear();
            reservations.clear();
            containers.clear();
            leaseRenewedAt.clear();
            usage = Resources.NONE;
            fence = new NodeStatus.SelfFence(now, reason, stopped, released);
            lastSelfFence = fence;
            synchronized (lifecycle) {
                pastIncarnations.add(lifecycle.incarnation());
                lifecycle.beginIncarnation(newIncarnation());
                heartbeatSeq = 0;
                statusSeq = 0;
            }
            changed.set(true);
        }
        LOG.warnf("node %s fenced itself: %s; stopped containers %s, released volumes %s; new incarnation %s",
                nodeId, reason, fence.stoppedContainers(), fence.releasedVolumes(), incarnation());
    }

    /** The last time this node fenced itself, or null. */
    public NodeStatus.SelfFence lastSelfFence() {
        return lastSelfFence;
    }

    // ---------------------------------------------------------------------------------------------- rejoin

    /**
     * The node learns it was declared failed (in this incarnation or an earlier one): it gives up every mount whose
     * lease no longer names it at the epoch it holds, and the containers on them, and reports what is left.
     */
    public void onNodeFailed(NodeHealthEvent.NodeFailed failed) {
        if (!nodeId.equals(failed.nodeId())) {
            return;
        }
        boolean current = failed.incarnation() == null || failed.incarnation().equals(incarnation());
        LOG.infof("node %s was declared failed (incarnation %s, %s): %s", nodeId, failed.incarnation(),
                current ? "the current one" : "not the current one", failed.reason());
        StaleMounts.Plan plan = dropStale("declared failed at " + failed.detectedAt());
        if (plan.isEmpty()) {
            LOG.infof("node %s keeps what it still owns: volumes %s", nodeId, mountedVolumes());
        }
        publishStatus();
    }

    /**
     * Renews the leases this node holds, gives up those that are no longer its own, and those it could not renew for
     * the lease timeout (the storage cannot be reached: it cannot hold a lease it cannot renew).
     */
    public void renewLeases() {
        Instant now = clock.instant();
        MonotonicTime started = monotonic.now();
        List<LocalMount> held;
        synchronized (this) {
            held = new ArrayList<>(mounts.values());
        }
        boolean unreachable = false;
        for (LocalMount mount : held) {
            try {
                LeaseDecision decision = storage.renew(mount.volumeId(), nodeId, mount.epoch(), now);
                if (decision instanceof LeaseDecision.Refused r) {
                    LOG.warnf("node %s: lease renewal refused: %s", nodeId, r.reason());
                } else {
                    synchronized (this) {
                        leaseRenewedAt.computeIfPresent(mount.volumeId(), (v, before) -> started);
                    }
                }
            } catch (RuntimeException e) {
                unreachable = true;
                LOG.errorf("node %s: could not renew the lease of volume %s: %s", nodeId, mount.volumeId(),
                        e.getMessage());
            }
        }
        if (held.isEmpty()) {
            return;
        }
        boolean gaveUp = !dropUnrenewed(now).isEmpty();
        if (!unreachable) {
            gaveUp |= !dropStale("lease renewal").isEmpty();
        }
        if (gaveUp) {
            publishStatus();
        }
    }

    /** Gives up the mounts whose lease could not be renewed for the lease timeout, and stops their containers. */
    private StaleMounts.Plan dropUnrenewed(Instant now) {
        synchronized (this) {
            StaleMounts.Plan plan = StaleMounts.unrenewed(view(mode()), leaseRenewedAt, settings.leaseTimeout(),
                    monotonic.now());
            String why = "the lease of its volume could not be renewed for " + settings.leaseTimeout().toMillis()
                    + " ms";
            for (String containerId : plan.containers()) {
                String detail;
                try {
                    detail = runtime.stop(containerId, Duration.ZERO);
                } catch (RuntimeException e) {
                    detail = "could not be stopped: " + e.getMessage();
                }
                String how = detail;
                containers.computeIfPresent(containerId,
                        (id, c) -> c.with(ContainerState.STOPPED, "stopped: " + why + " (" + how + ")"));
            }
            for (LocalMount mount : plan.mounts()) {
                mounts.remove(mount.volumeId());
                leaseRenewedAt.remove(mount.volumeId());
                try {
                    storage.release(mount.volumeId(), nodeId, mount.epoch(), now);
                } catch (RuntimeException e) {
                    LOG.debugf("node %s: volume %s could not be released either: %s", nodeId, mount.volumeId(),
                            e.getMessage());
                }
                LOG.warnf("node %s: gives up volume %s (group %s, epoch %d): %s; stopped %s", nodeId,
                        mount.volumeId(), mount.groupId(), mount.epoch(), why, plan.containers());
            }
            if (!plan.isEmpty()) {
                updateUsage();
                changed.set(true);
            }
            return plan;
        }
    }

    private StaleMounts.Plan dropStale(String why) {
        synchronized (this) {
            Map<String, LeaseRecord> leases = new HashMap<>();
            for (String volumeId : mounts.keySet()) {
                storage.read(volumeId).ifPresent(lease -> leases.put(volumeId, lease));
            }
            StaleMounts.Plan plan = StaleMounts.find(nodeId, view(mode()), leases);
            for (String containerId : plan.containers()) {
                String detail = runtime.stop(containerId, Duration.ZERO);
                containers.computeIfPresent(containerId,
                        (id, c) -> c.with(ContainerState.STOPPED, "stopped: volume taken over (" + detail + ")"));
            }
            for (LocalMount mount : plan.mounts()) {
                mounts.remove(mount.volumeId());
                leaseRenewedAt.remove(mount.volumeId());
                LOG.warnf("node %s: %s: volume %s (group %s) is no longer held at epoch %d (lease %s): stopped %s",
                        nodeId, why, mount.volumeId(), mount.groupId(), mount.epoch(), leases.get(mount.volumeId()),
                        plan.containers());
            }
            if (!plan.isEmpty()) {
                updateUsage();
                changed.set(true);
            }
            return plan;
        }
    }

    // ---------------------------------------------------------------------------------------------- commands

    /**
     * Carries out a command addressed to this node, once per command id: a repeat is answered with the first
     * outcome. Returns the answer to publish.
     */
    public CommandResult execute(AgentCommand command) {
        Optional<CommandResult> first = ledger.outcomeOf(command.commandId());
        if (first.isPresent()) {
            LOG.infof("node %s: command %s repeated: answered with its first outcome", nodeId, command.commandId());
            return first.get();
        }
        Instant now = clock.instant();
        // with a witness an agent past its isolation deadline may wait up to its isolation bound before it decides:
        // meanwhile it takes no command (without one the next tick fences it)
        boolean cutOff = false;
        if (witnessWatch != null) {
            synchronized (lifecycle) {
                cutOff = lifecycle.mode() == AgentMode.ACTIVE && lifecycle.needsWitness(monotonic.now());
            }
        }
        if (cutOff) {
            Outcome refused = Outcome.failure("node " + nodeId + " is cut off from Kafka (its isolation deadline has "
                    + "passed): it takes no command until its heartbeats are acknowledged again", true);
            return refused.toResult(command, now);
        }
        CommandPlanner.Step step;
        Outcome outcome = null;
        synchronized (this) {
            String volumeId = volumeOf(command);
            LeaseRecord lease = volumeId == null ? null : storage.read(volumeId).orElse(null);
            step = CommandPlanner.plan(command, view(mode()), lease);
            if (step instanceof CommandPlanner.Answer answer) {
                outcome = answer.outcome();
            } else if (step instanceof CommandPlanner.ChangeLease change) {
                outcome = changeLease(change, now);
            } else if (step instanceof CommandPlanner.Start start) {
                outcome = start(start);
            } else if (step instanceof CommandPlanner.Stop stop) {
                containers.computeIfPresent(stop.containerId(), (id, c) -> c.with(ContainerState.STOPPING, null));
                changed.set(true);
            }
        }
        if (step instanceof CommandPlanner.Stop stop) {
            outcome = stop(stop);
        }
        CommandResult result = outcome.toResult(command, clock.instant());
        if (outcome.succeeded() || !outcome.retryable()) {
            ledger.record(command.commandId(), result);
        }
        LOG.infof("node %s: %s %s (%s): %s", nodeId, command.getClass().getSimpleName(), command.commandId(),
                command.groupId(), outcome.succeeded() ? "done " + outcome.evidence() : "refused: " + outcome.reason());
        if (changed.get()) {
            publishStatus();
        }
        return result;
    }

    private static String volumeOf(AgentCommand command) {
        if (command instanceof AgentCommand.FenceVolume c) {
            return c.volumeId();
        }
        if (command instanceof AgentCommand.MountVolume c) {
            return c.volumeId();
        }
        if (command instanceof AgentCommand.StartContainer c) {
            return c.volumeId();
        }
        if (command instanceof AgentCommand.UnmountVolume c) {
            return c.volumeId();
        }
        return null;
    }

    private Outcome changeLease(CommandPlanner.ChangeLease change, Instant now) {
        LeaseDecision decision;
        try {
            decision = switch (change.action()) {
                case FENCE -> storage.fence(change.volumeId(), nodeId, change.epoch(), now);
                case MOUNT -> storage.mount(change.volumeId(), nodeId, change.epoch(), now);
                case RELEASE -> storage.release(change.volumeId(), nodeId, change.epoch(), now);
            };
        } catch (RuntimeException e) {
            return Outcome.failure("storage error on volume " + change.volumeId() + ": " + e.getMessage(), true);
        }
        if (decision instanceof LeaseDecision.Granted granted) {
            LocalMount mount = new LocalMount(change.volumeId(), change.groupId(), granted.epochAfter());
            switch (change.action()) {
                case FENCE -> reservations.put(change.volumeId(), mount);
                case MOUNT -> {
                    reservations.remove(change.volumeId());
                    mounts.put(change.volumeId(), mount);
                    leaseRenewedAt.put(change.volumeId(), monotonic.now());
                }
                case RELEASE -> {
                    mounts.remove(change.volumeId());
                    reservations.remove(change.volumeId());
                    leaseRenewedAt.remove(change.volumeId());
                }
            }
            changed.set(true);
        }
        return CommandPlanner.leaseOutcome(change, decision);
    }

    private Outcome start(CommandPlanner.Start start) {
        var spec = start.container();
        LocalContainer starting = new LocalContainer(spec.containerId(), start.groupId(), start.volumeId(),
                start.epoch(), ContainerState.STARTING, null, spec.demand());
        containers.put(spec.containerId(), starting);
        changed.set(true);
        try {
            String detail = runtime.start(new ContainerLaunch(nodeId, spec, start.groupId(), start.volumeId(),
                    start.epoch(), storage.dataDir(start.volumeId()).orElse(null)));
            if (containers.get(spec.containerId()) != starting) {
                // it ended while it was being started (reported FAILED by containerExited)
                LocalContainer ended = containers.get(spec.containerId());
                return Outcome.failure("container " + spec.containerId() + " ended as soon as it started: "
                        + (ended == null ? "" : ended.detail()), true);
            }
            LocalContainer running = starting.with(ContainerState.RUNNING, detail);
            containers.put(spec.containerId(), running);
            HealthWatch.Settings.of(spec.check()).ifPresent(check -> watches.put(spec.containerId(),
                    new Watched(running, HealthWatch.begin(check, monotonic.now()))));
            updateUsage();
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("detail", detail);
            evidence.put("epoch", Long.toString(start.epoch()));
            return Outcome.success(evidence);
        } catch (RuntimeException e) {
            containers.put(spec.containerId(), starting.with(ContainerState.FAILED, e.getMessage()));
            return Outcome.failure("container " + spec.containerId() + " could not be started: " + e.getMessage(), true);
        }
    }

    private Outcome stop(CommandPlanner.Stop stop) {
        String detail;
        try {
            detail = runtime.stop(stop.containerId(), Duration.ofMillis(stop.graceMs()));
        } catch (RuntimeException e) {
            return Outcome.failure("container " + stop.containerId() + " could not be stopped: " + e.getMessage(), true);
        }
        synchronized (this) {
            containers.computeIfPresent(stop.containerId(), (id, c) -> c.with(ContainerState.STOPPED, detail));
            updateUsage();
            changed.set(true);
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("wasRunning", "true");
        evidence.put("detail", detail);
        return Outcome.success(evidence);
    }

    /** A container ended by itself: it is reported FAILED, with how it ended, at once. */
    private void containerExited(String containerId, String detail) {
        synchronized (this) {
            LocalContainer c = containers.get(containerId);
            if (c == null || (c.state() != ContainerState.RUNNING && c.state() != ContainerState.STARTING)) {
                return;
            }
            containers.put(containerId, c.with(ContainerState.FAILED, detail));
            watches.remove(containerId);
            updateUsage();
            changed.set(true);
        }
        LOG.warnf("node %s: container %s ended by itself: %s", nodeId, containerId, detail);
        publishStatus();
    }

    // ---------------------------------------------------------------------------------------------- health checks

    /**
     * Starts the health checks that are due (each on the check runner) and forgets those of containers that no longer
     * run. Called often from a timer of its own; returns at once when no container has a check.
     */
    public void checkHealth() {
        if (watches.isEmpty()) {
            return;
        }
        MonotonicTime now = monotonic.now();
        List<Map.Entry<String, Watched>> due = new ArrayList<>();
        synchronized (this) {
            watches.entrySet().removeIf(e -> containers.get(e.getKey()) != e.getValue().container);
            for (Map.Entry<String, Watched> entry : watches.entrySet()) {
                Watched watched = entry.getValue();
                if (watched.watch.due(now)) {
                    watched.watch = watched.watch.started(now);
                    due.add(entry);
                }
            }
        }
        for (Map.Entry<String, Watched> entry : due) {
            checkRunner.execute(() -> runCheck(entry.getKey(), entry.getValue()));
        }
    }

    private void runCheck(String containerId, Watched watched) {
        HealthWatch.Settings check = watched.watch.settings();
        HealthWatch.Result result;
        try {
            result = runtime.check(containerId, check.command(), check.timeout());
        } catch (RuntimeException e) {
            result = new HealthWatch.Failed("could not be run: " + e.getMessage());
        }
        HealthWatch.Verdict verdict;
        synchronized (this) {
            if (watches.get(containerId) != watched || containers.get(containerId) != watched.container) {
                return; // the container stopped or was started anew meanwhile
            }
            HealthWatch.Step step = watched.watch.finished(result);
            watched.watch = step.next();
            verdict = step.verdict();
            if (verdict instanceof HealthWatch.Unhealthy) {
                watches.remove(containerId);
            }
        }
        if (verdict instanceof HealthWatch.Failing failing) {
            LOG.infof("node %s: health check of container %s failed (%d of %d in a row): %s", nodeId, containerId,
                    failing.inARow(), check.failureThreshold(), failing.why());
        } else if (verdict instanceof HealthWatch.Unhealthy unhealthy) {
            stopUnhealthy(containerId, watched.container, unhealthy.detail());
        }
    }

    /** Stops an unhealthy container forcibly and reports it FAILED with the reason. */
    private void stopUnhealthy(String containerId, LocalContainer running, String why) {
        LocalContainer stopping;
        synchronized (this) {
            if (containers.get(containerId) != running) {
                return;
            }
            stopping = running.with(ContainerState.STOPPING, why);
            containers.put(containerId, stopping);
            changed.set(true);
        }
        LOG.warnf("node %s: container %s is unhealthy, stopping it: %s", nodeId, containerId, why);
        String how;
        try {
            how = runtime.stop(containerId, Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.errorf("node %s: unhealthy container %s could not be stopped: %s", nodeId, containerId,
                    e.getMessage());
            synchronized (this) {
                containers.computeIfPresent(containerId, (id, c) -> c == stopping
                        ? c.with(ContainerState.STOPPING, why + "; could not be stopped: " + e.getMessage())
                        : c);
                changed.set(true);
            }
            publishStatus();
            return;
        }
        synchronized (this) {
            containers.computeIfPresent(containerId,
                    (id, c) -> c == stopping ? c.with(ContainerState.FAILED, why + " (" + how + ")") : c);
            updateUsage();
            changed.set(true);
        }
        publishStatus();
    }

    // ---------------------------------------------------------------------------------------------- status

    private NodeView view(AgentMode mode) {
        return new NodeView(nodeId, mode, settings.reachableVolumes(), mounts, containers);
    }

    private void updateUsage() {
        Resources total = Resources.NONE;
        for (LocalContainer c : containers.values()) {
            if (c.isLive()) {
                total = total.plus(c.demand());
            }
        }
        usage = total;
    }

    private synchronized List<String> mountedVolumes() {
        return mounts.keySet().stream().sorted().toList();
    }

    /** Publishes the node's status now; its acknowledgement feeds the lifecycle (a reported self-fence). */
    public CompletionStage<Void> publishStatus() {
        NodeStatus status;
        AgentMode mode;
        String incarnation;
        synchronized (this) {
            synchronized (lifecycle) {
                mode = lifecycle.mode();
                incarnation = lifecycle.incarnation();
                statusSeq++;
                status = new NodeStatus(nodeId, incarnation, statusSeq, clock.instant(), reported(mode),
                        settings.capacity(), usage, settings.reachableVolumes(),
                        containers.values().stream().sorted(Comparator.comparing(LocalContainer::containerId))
                                .map(c -> new ContainerStatus(c.containerId(), c.groupId(), c.state(), c.detail()))
                                .toList(),
                        mounts.values().stream().sorted(Comparator.comparing(LocalMount::volumeId))
                                .map(m -> new VolumeStatus(m.volumeId(), m.groupId(), m.epoch())).toList(),
                        lastSelfFence);
            }
            changed.set(false);
            lastStatusAt = status.reportedAt();
            lastStatus = status;
        }
        return outbox.status(status).whenComplete((ok, failure) -> {
            if (failure == null) {
                onLifecycle(new AgentLifecycle.StatusAcknowledged(incarnation, mode));
            } else {
                changed.set(true);
                LOG.debugf("node %s: status %d not acknowledged: %s", nodeId, status.seq(), failure.getMessage());
            }
        });
    }

    /** The mode a status or a witness slot reports: STARTING reports as ACTIVE. */
    private static NodeStatus.Mode reported(AgentMode mode) {
        return switch (mode) {
            case SELF_FENCED -> NodeStatus.Mode.SELF_FENCED;
            case FROZEN -> NodeStatus.Mode.FROZEN;
            case STARTING, ACTIVE -> NodeStatus.Mode.ACTIVE;
        };
    }

    // ---------------------------------------------------------------------------------------------- witness

    /**
     * One step of the witness, called every watch period on a thread of its own: rewrites this node's slot every
     * witness interval (at once after a change of mode), and reads everyone's every interval (at every step while the
     * agent, past its isolation deadline, decides whether to freeze or fence). Does nothing without a witness.
     */
    public void witness() {
        if (witness == null) {
            return;
        }
        witnessIo.lock();
        try {
            MonotonicTime now = monotonic.now();
            boolean deciding;
            synchronized (lifecycle) {
                deciding = lifecycle.mode() == AgentMode.ACTIVE && lifecycle.needsWitness(now);
            }
            if (slotDue.getAndSet(false) || nextWriteAt == null || !now.isBefore(nextWriteAt)) {
                nextWriteAt = now.plus(settings.witness().interval());
                writeSlot();
            }
            if (deciding || nextReadAt == null || !now.isBefore(nextReadAt)) {
                nextReadAt = now.plus(settings.witness().interval());
                readWitness();
            }
        } finally {
            witnessIo.unlock();
        }
    }

    /** This node's slot as it would be written now. */
    private WitnessSlot slot(long seq) {
        MonotonicTime now = monotonic.now();
        AgentMode mode;
        String incarnation;
        boolean reachable;
        List<String> held;
        synchronized (this) {
            held = mountedVolumes();
            synchronized (lifecycle) {
                mode = lifecycle.mode();
                incarnation = lifecycle.incarnation();
                reachable = lifecycle.kafkaReachable(now);
            }
        }
        return new WitnessSlot(nodeId, incarnation, seq, clock.instant(), reported(mode), reachable,
                lastAcknowledgedAt, settings.isolationBound().toMillis(), held);
    }

    /** Writes this node's slot; call it holding witnessIo. */
    private void writeSlot() {
        MonotonicTime startedAt = monotonic.now();
        WitnessSlot slot = slot(++witnessSeq);
        try {
            witness.write(slot);
            synchronized (witnessWatch) {
                // counted from before the write: the others may see it later, never earlier
                witnessWatch.written(startedAt);
            }
            if (witnessWriteFailing) {
                witnessWriteFailing = false;
                LOG.infof("node %s: its witness slot is written again", nodeId);
            }
        } catch (RuntimeException e) {
            if (!witnessWriteFailing) {
                witnessWriteFailing = true;
                LOG.warnf("node %s: its witness slot cannot be written (cut off from Kafka now, it would fence "
                        + "itself): %s", nodeId, e.getMessage());
            }
        }
    }

    /** Reads every slot; call it holding witnessIo. */
    private void readWitness() {
        try {
            WitnessStore.Slots slots = witness.readAll();
            synchronized (witnessWatch) {
                witnessWatch.read(slots.present(), slots.readable(), monotonic.now());
            }
            if (witnessReadFailing) {
                witnessReadFailing = false;
                LOG.infof("node %s: the witness can be read again", nodeId);
            }
        } catch (RuntimeException e) {
            if (!witnessReadFailing) {
                witnessReadFailing = true;
                LOG.warnf("node %s: the witness cannot be read: %s", nodeId, e.getMessage());
            }
        }
    }

    /** What the witness shows this node now; empty without a witness. */
    public Optional<WitnessView> witnessView() {
        if (witnessWatch == null) {
            return Optional.empty();
        }
        synchronized (witnessWatch) {
            return Optional.of(witnessWatch.view(monotonic.now()));
        }
    }

    // ---------------------------------------------------------------------------------------------- shutdown

    /** The agent stops: its containers die with it and its volumes are released (their epochs kept). */
    public void shutdown() {
        synchronized (this) {
            List<String> stopped = runtime.killAll();
            Instant now = clock.instant();
            for (LocalMount mount : mounts.values()) {
                try {
                    storage.release(mount.volumeId(), nodeId, mount.epoch(), now);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "node %s: could not release volume %s", nodeId, mount.volumeId());
                }
            }
            if (!stopped.isEmpty() || !mounts.isEmpty()) {
                LOG.infof("node %s stops: stopped %s, released %s", nodeId, stopped, mounts.keySet());
            }
            mounts.clear();
            containers.clear();
            leaseRenewedAt.clear();
            runtime.close();
        }
        if (witness != null && witnessIo.tryLock()) {
            try {
                writeSlot(); // holding nothing now
            } finally {
                witnessIo.unlock();
            }
        }
    }

    private static String newIncarnation() {
        return UUID.randomUUID().toString();
    }

    /** The incarnations this node had before the current one, oldest first. */
    public List<String> pastIncarnations() {
        synchronized (lifecycle) {
            return List.copyOf(pastIncarnations);
        }
    }
}
