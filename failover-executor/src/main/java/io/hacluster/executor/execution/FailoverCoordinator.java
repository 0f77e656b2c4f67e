package io.hacluster.executor.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.CommandResult;
import io.hacluster.events.Envelope;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.VolumeStatus;
import io.hacluster.executor.config.ExecutorConfig;
import io.hacluster.executor.domain.Effect;
import io.hacluster.executor.domain.ExecutorSettings;
import io.hacluster.executor.domain.Failover;
import io.hacluster.executor.domain.FailoverMachine;
import io.hacluster.executor.domain.FencingMethod;
import io.hacluster.executor.domain.GroupTask;
import io.hacluster.executor.domain.Input;
import io.hacluster.executor.domain.Step;
import io.hacluster.executor.domain.Transition;
import io.hacluster.executor.messaging.OutboxPublisher;
import io.hacluster.executor.persistence.DatabaseEpochLedger;
import io.hacluster.executor.persistence.ExecutorLease;
import io.hacluster.executor.persistence.FailoverStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs the failover machine: feeds it plans, results, statuses and time, one input at a time, and carries out what it
 * decides. Each input is applied in one database transaction that stores the failover's new state together with the
 * outbox rows of its commands and events; the {@link OutboxPublisher} sends them after the commit. A crash between
 * the two loses nothing: the rows are sent after the restart, under the same ids.
 */
@Startup
@ApplicationScoped
public class FailoverCoordinator {

    private static final Logger LOG = Logger.getLogger(FailoverCoordinator.class);

    @Inject
    FailoverStore store;

    @Inject
    DatabaseEpochLedger epochs;

    @Inject
    ExecutorConfig config;

    @Inject
    OutboxPublisher publisher;

    @Inject
    ExecutorLease lease;

    private final String source = "failover-executor/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService powerFencing = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "power-fencing");
        t.setDaemon(true);
        return t;
    });
    /** Failovers in flight, with the nodes whose status each awaits. */
    private final Map<String, Set<String>> inFlight = new LinkedHashMap<>();
    /** The latest status of every node, and when it was received. */
    private final Map<String, Input.StatusReceived> latestStatus = new ConcurrentHashMap<>();
    private final Map<String, Long> highestEpochSeen = new ConcurrentHashMap<>();
    private FailoverMachine machine;
    private PowerFencer powerFencer;

    /**
     * Runs when the bean is created, eagerly at start-up ({@link Startup}) and in any case before any consumer can
     * call it: a plan or a result never meets a coordinator that has not yet read back the failovers in flight.
     */
    @PostConstruct
    void init() {
        List<FencingMethod> methods = config.fencing().methods().stream().map(FencingMethod::parse).toList();
        machine = new FailoverMachine(new ExecutorSettings(config.commandTimeout(), config.commandAttempts(),
                config.verifyTimeout(), config.stopGrace(), config.maxParallelGroups(), config.maxReplans(),
                config.replanTimeout(), methods,
                config.fencing().power().command().isPresent(), config.selfFenceMargin()), epochs);
        powerFencer = config.fencing().power().command().map(c -> new PowerFencer(c, config.fencing().power().timeout()))
                .orElse(null);
        LOG.infof("fencing methods, in order: %s%s", methods.stream().map(FencingMethod::label).toList(),
                powerFencer == null ? " (power: no command configured, skipped)" : "");
        lease.acquire(config.leaseWait());
        try {
            recover();
        } catch (RuntimeException e) {
            lease.release(); // a coordinator that could not start must not keep others out
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        powerFencing.shutdownNow();
    }

    /** Picks up the failovers that were in flight when the executor stopped. */
    synchronized void recover() {
        List<Failover> open = QuarkusTransaction.requiringNew().call(store::inFlight);
        for (Failover f : open) {
            inFlight.put(f.failoverId(), awaitedNodes(f));
            LOG.infof("resuming failover %s in phase %s: %d group(s) not yet final", f.failoverId(), f.phase(),
                    f.groups().stream().filter(g -> !g.step().isFinal()).count());
            carryOut(f.failoverId(), machine.resume(f));
        }
        publisher.wake();
    }

    /** A plan from placement: a new failover, or the answer to a re-plan request of one in flight. */
    public synchronized void onPlan(FailoverPlanned plan) {
        Instant now = Instant.now();
        if (plan.trigger().kind() == TriggerKind.REPLAN && plan.trigger().parentFailoverId() != null) {
            String parent = plan.trigger().parentFailoverId();
            if (!inFlight.containsKey(parent)) {
                LOG.warnf("re-plan %s answers failover %s, which is not in flight; ignored", plan.failoverId(), parent);
                return;
            }
            apply(parent, f -> machine.handle(f, new Input.ReplanReceived(plan, now)));
            return;
        }
        Transition started = QuarkusTransaction.requiringNew().call(() -> {
            if (store.exists(plan.failoverId())) {
                return null;
            }
            // a drain that arrived before the plan: none of its groups is mounted on the drained nodes
            FailoverMachine.Started s = machine.start(plan, now, Set.copyOf(store.drainingNodes()));
            Transition all = Transition.of(s.transition(), verifyWithKnownStatus(s.failover(), now));
            persist(s.failover(), all, now);
            if (!s.failover().phase().isFinal()) {
                inFlight.put(plan.failoverId(), awaitedNodes(s.failover()));
            }
            return all;
        });
        if (started == null) {
            LOG.debugf("plan %s already taken in hand", plan.failoverId());
            return;
        }
        LOG.infof("failover %s started: %s of %s, %d group(s) to bring online, %d to stop, %d unplaceable%s",
                plan.failoverId(), plan.trigger().kind(), plan.sourceNodeId(), plan.assignments().size(),
                plan.releases().size(), plan.unplaceable().size(),
                plan.trigger().reason() == null ? "" : " (" + plan.trigger().reason() + ")");
        finish(plan.failoverId(), started);
    }

    /**
     * An operator drains a node: noted (so that a plan that arrives later is checked too), and every failover in
     * flight re-plans the groups on their way there that are not mounted there yet.
     */
    public synchronized void onDrainRequested(String nodeId, String requestId) {
        Instant now = Instant.now();
        boolean noted = QuarkusTransaction.requiringNew().call(() -> store.drainStarted(nodeId, requestId, now));
        if (noted) {
            LOG.infof("node %s is being drained (%s): no group is mounted there any more", nodeId, requestId);
        }
        for (String failoverId : List.copyOf(inFlight.keySet())) {
            apply(failoverId, f -> machine.handle(f, new Input.NodeDraining(nodeId, now)));
        }
    }

    /** The node is back in service: groups may be mounted there again. */
    public synchronized void onResumeRequested(String nodeId) {
        if (QuarkusTransaction.requiringNew().call(() -> store.drainEnded(nodeId))) {
            LOG.infof("node %s is back in service: groups may be mounted there again", nodeId);
        }
    }

    public synchronized void onResult(CommandResult result, String failoverId) {
        if (failoverId == null || !inFlight.containsKey(failoverId)) {
            return;
        }
        Instant now = Instant.now();
        apply(failoverId, f -> machine.handle(f, new Input.ResultReceived(result, now)));
    }

    public synchronized void onStatus(NodeStatus status) {
        Instant receivedAt = Instant.now();
        latestStatus.put(status.nodeId(), new Input.StatusReceived(status, receivedAt, receivedAt));
        List<VolumeStatus> higher = status.volumes().stream()
                .filter(v -> v.epoch() > highestEpochSeen.getOrDefault(v.volumeId(), 0L)).toList();
        if (!higher.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> higher.forEach(v -> epochs.observe(v.volumeId(), v.epoch())));
            higher.forEach(v -> highestEpochSeen.merge(v.volumeId(), v.epoch(), Math::max));
        }
        Instant now = Instant.now();
        for (String failoverId : List.copyOf(inFlight.keySet())) {
            Set<String> awaited = inFlight.get(failoverId);
            if (awaited != null && awaited.contains(status.nodeId())) {
                apply(failoverId, f -> machine.handle(f, new Input.StatusReceived(status, receivedAt, now)));
            }
        }
    }

    @Scheduled(every = "${executor.tick-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void tick() {
        if (machine == null) {
            return;
        }
        Instant now = Instant.now();
        for (String failoverId : List.copyOf(inFlight.keySet())) {
            apply(failoverId, f -> machine.handle(f, new Input.Tick(now)));
        }
    }

    synchronized void onPowerFenceDone(String failoverId, PowerFencer.Outcome outcome) {
        if (!inFlight.containsKey(failoverId)) {
            return;
        }
        apply(failoverId, f -> machine.handle(f, new Input.PowerFenceDone(outcome.succeeded(), outcome.detail(),
                outcome.startedAt(), outcome.finishedAt())));
    }

    /** Failovers in flight, for the readiness check. */
    public synchronized List<String> inFlightIds() {
        return new ArrayList<>(inFlight.keySet());
    }

    private void apply(String failoverId, Function<Failover, Transition> input) {
        Instant now = Instant.now();
        Transition transition = QuarkusTransaction.requiringNew().call(() -> {
            Failover f = store.find(failoverId).orElse(null);
            if (f == null || f.phase().isFinal()) {
                inFlight.remove(failoverId);
                return null;
            }
            String before = FailoverStore.encode(f);
            Transition t = input.apply(f);
            Transition all = Transition.of(t, verifyWithKnownStatus(f, now));
            // an input may change the state without any effect (one of several awaited answers): compare, not guess
            if (!all.isEmpty() || !before.equals(FailoverStore.encode(f))) {
                persist(f, all, now);
            }
            if (f.phase().isFinal()) {
                inFlight.remove(failoverId);
            } else {
                inFlight.put(failoverId, awaitedNodes(f));
            }
            return all;
        });
        if (transition != null) {
            finish(failoverId, transition);
        }
    }

    /**
     * A target may have reported its containers running before the executor heard that they were started (status
     * and results travel on different topics): re-apply the latest status of every node a group now waits for.
     */
    private Transition verifyWithKnownStatus(Failover f, Instant now) {
        List<Transition> all = new ArrayList<>();
        for (String node : awaitedNodes(f)) {
            Input.StatusReceived known = latestStatus.get(node);
            if (known != null) {
                all.add(machine.handle(f, new Input.StatusReceived(known.status(), known.receivedAt(), now)));
            }
        }
        return Transition.of(all.toArray(Transition[]::new));
    }

    private void persist(Failover f, Transition t, Instant now) {
        store.save(f, now);
        for (Effect effect : t.effects()) {
            if (effect instanceof Effect.SendCommand send) {
                store.enqueue(Envelope.wrap(send.command(), source, now), now);
            } else if (effect instanceof Effect.Publish publish) {
                store.enqueue(Envelope.wrap(publish.payload(), source, now), now);
            }
        }
    }

    /** After the commit: log the transitions, start power fencing, wake the publisher. */
    private void finish(String failoverId, Transition t) {
        t.changes().forEach(change -> LOG.info(change.toString()));
        carryOut(failoverId, t);
        publisher.wake();
    }

    private void carryOut(String failoverId, Transition t) {
        for (Effect effect : t.effects()) {
            if (effect instanceof Effect.RunPowerFence power) {
                if (powerFencer == null) {
                    onPowerFenceDoneLater(failoverId, new PowerFencer.Outcome(false,
                            "no power fencing command is configured", Instant.now(), Instant.now()));
                } else {
                    LOG.infof("failover %s: power fencing node %s", failoverId, power.nodeId());
                    powerFencing.submit(() -> onPowerFenceDone(failoverId, powerFencer.fence(power.nodeId())));
                }
            }
        }
    }

    private void onPowerFenceDoneLater(String failoverId, PowerFencer.Outcome outcome) {
        powerFencing.submit(() -> onPowerFenceDone(failoverId, outcome));
    }

    private static Set<String> awaitedNodes(Failover f) {
        return f.groups().stream().filter(g -> g.step() == Step.VERIFYING).map(GroupTask::toNodeId)
                .collect(Collectors.toSet());
    }
}
