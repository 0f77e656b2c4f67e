package io.hacluster.placement.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.GroupFailureRecorded;
import io.hacluster.events.Topics;
import io.hacluster.events.UnknownEvent;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.events.serde.MalformedEventException;
import io.hacluster.messaging.DeadLetters;
import io.hacluster.placement.domain.CandidateListing;
import io.hacluster.placement.domain.ClusterModel;
import io.hacluster.placement.domain.GroupDecision;
import io.hacluster.placement.domain.GroupObservation;
import io.hacluster.placement.domain.NoQuorumPolicy;
import io.hacluster.placement.domain.NodeTransition;
import io.hacluster.placement.domain.PlacementEngine;
import io.hacluster.placement.domain.PlacementRequest;
import io.hacluster.placement.domain.Plan;
import io.hacluster.placement.domain.Quorum;
import io.hacluster.placement.domain.Reconciler;

/**
 * One placement instance: a single thread that reads every input topic from the beginning into a {@link ClusterModel}
 * and, while this instance holds the leader lease and has read everything published before it got the lease, turns
 * each unanswered cause into a plan, publishes it, waits for the ack and applies it to the model before the next
 * decision. Plans read back from {@code placement-decisions} (its own, or another instance's) are applied the same
 * way, so that no cause is planned twice and no capacity is booked twice.
 */
public final class PlacementInstance {

    private static final Logger LOG = Logger.getLogger(PlacementInstance.class);

    /** The topics the model is built from; each one's dead-letter topic is read too, to know what was parked. */
    static final List<String> INPUTS = List.of(Topics.NODE_STATUS, Topics.NODE_HEALTH, Topics.CLUSTER_ADMIN,
            Topics.FAILOVER_EVENTS, Topics.PLACEMENT_DECISIONS);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STATUS_EVERY = Duration.ofMillis(250);
    /** How long the instance may keep failing to start (broker unreachable, say) before liveness says DOWN. */
    static final Duration FAILING_FOR_AT_MOST = Duration.ofMinutes(2);

    /**
     * What an instance needs to know.
     *
     * @param instanceId its name in envelopes and logs
     * @param reservationTimeout how long a reservation holds
     * @param listing which candidates a published plan lists
     * @param leaseGroup the consumer group of the lease
     * @param leaseSessionTimeout how long a silent leader keeps the lease
     * @param failbackCheckInterval how often due failbacks are looked for
     * @param reconcileInterval how often the reconciler compares every group with what it should be, besides after
     *        every change
     * @param reconcile how the reconciler paces repairs that do not work
     * @param noQuorumPolicy what happens to node failures while fewer than half the nodes are alive
     */
    public record Settings(String instanceId, Duration reservationTimeout, CandidateListing listing, String leaseGroup,
            Duration leaseSessionTimeout, Duration failbackCheckInterval, Duration reconcileInterval,
            Reconciler.Settings reconcile, NoQuorumPolicy noQuorumPolicy) {
    }

    private final Settings settings;
    private final Map<String, Object> kafka;
    private final PlanPublisher publisher;
    private final Clock clock;
    private final PlacementEngine engine = new PlacementEngine();
    private final Reconciler reconciler;
    private final String source;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile LogReader reader;
    private volatile PlacementStatus status;
    private volatile Instant failingSince;
    private volatile String lastFailure;
    private volatile String fatal;
    private volatile int failures;

    // owned by the loop thread
    private ClusterModel model;
    private LeaderLease lease;
    private DeadLetters deadLetters;
    private Map<TopicPartition, Long> startEnds;
    private boolean caughtUp;
    private long leaseGeneration;
    private Map<TopicPartition, Long> leaderBarrier;
    private boolean leading;
    private long eventsRead;
    private long plansPublished;
    private final Set<String> parked = new HashSet<>();
    private final Map<String, Unreadable> toPark = new LinkedHashMap<>();
    private Instant nextFailbackCheck = Instant.MIN;
    private Instant nextReconcile = Instant.MIN;
    private Instant nextStatus = Instant.MIN;
    private boolean changed = true;
    private boolean reconcileDue = true;
    private boolean quorumHeld = true;
    private Map<String, String> waiting = Map.of();

    /** A record this instance could not read, waiting to be parked, and how often parking it failed. */
    private static final class Unreadable {

        final ConsumerRecord<String, byte[]> record;
        final String reason;
        int failures;

        Unreadable(ConsumerRecord<String, byte[]> record, String reason) {
            this.record = record;
            this.reason = reason;
        }
    }

    /** Parking attempts of one record before it is given up (logged and skipped). */
    private static final int PARK_ATTEMPTS = 3;

    public PlacementInstance(Settings settings, Map<String, Object> kafka, PlanPublisher publisher, Clock clock) {
        this.settings = settings;
        this.kafka = Map.copyOf(kafka);
        this.publisher = publisher;
        this.clock = clock;
        this.source = "placement-service/" + settings.instanceId();
        this.reconciler = new Reconciler(settings.reconcile());
        this.status = PlacementStatus.starting(settings.instanceId());
    }

    /** Starts reading from the beginning, with an empty model. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        status = PlacementStatus.starting(settings.instanceId());
        thread = new Thread(this::run, "placement-" + settings.instanceId());
        thread.start();
    }

    /** Stops deciding, leaves the lease group (the standby takes over) and forgets the model. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        LogReader r = reader;
        if (r != null) {
            r.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(20).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public PlacementStatus status() {
        return status;
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /**
     * Whether the instance's thread is doing its job: it runs, and has not been failing to start for longer than
     * {@link #FAILING_FOR_AT_MOST}. When not, liveness is DOWN, so that a supervisor restarts the process. Null when
     * alive; else why not.
     */
    public String notAlive() {
        Thread t = thread;
        if (!running) {
            return null;
        }
        if (t == null || !t.isAlive()) {
            return "the placement thread died" + (fatal == null ? "" : ": " + fatal);
        }
        Instant since = failingSince;
        if (since != null && Duration.between(since, clock.instant()).compareTo(FAILING_FOR_AT_MOST) > 0) {
            return "the placement instance has failed to start since " + since + ": " + lastFailure;
        }
        return null;
    }

    /** How often the instance failed and started again since it was started. */
    public int failures() {
        return failures;
    }

    /** Runs the instance until it is stopped; what fails is retried from scratch, with a growing pause. */
    private void run() {
        Duration backoff = Duration.ofMillis(500);
        try {
            while (running) {
                try {
                    runOnce();
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    if (failingSince == null) {
                        failingSince = clock.instant();
                    }
                    lastFailure = e.toString();
                    failures++;
                    LOG.errorf(e, "placement instance %s failed (%s); starting again from its topics in %d ms",
                            settings.instanceId(), e.getMessage(), backoff.toMillis());
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                            ? Duration.ofSeconds(10)
                            : backoff.multipliedBy(2);
                }
            }
        } catch (Error e) {
            fatal = e.toString();
            LOG.fatalf(e, "placement instance %s died: %s", settings.instanceId(), e);
            throw e;
        }
    }

    private void runOnce() {
        model = new ClusterModel(settings.reservationTimeout());
        caughtUp = false;
        leading = false;
        leaseGeneration = 0;
        eventsRead = 0;
        plansPublished = 0;
        parked.clear();
        toPark.clear();
        List<String> topics = new ArrayList<>(INPUTS);
        INPUTS.forEach(t -> topics.add(Topics.dlq(t)));
        String id = settings.instanceId();
        try (LogReader log = new LogReader(KafkaSettings.logReader(kafka, "placement-log-" + id), topics);
                LeaderLease leaderLease = new LeaderLease(KafkaSettings.lease(kafka, "placement-lease-" + id,
                        settings.leaseGroup(), settings.leaseSessionTimeout().toMillis()), Topics.PLACEMENT_DECISIONS,
                        id);
                DeadLetters parking = new DeadLetters(kafka, "placement-dlq-" + id)) {
            reader = log;
            lease = leaderLease;
            deadLetters = parking;
            while (running && !log.open(Duration.ofSeconds(5))) {
                LOG.warnf("placement instance %s: waiting for its topics %s to exist", id, INPUTS);
            }
            startEnds = log.ends();
            LOG.infof("placement instance %s reading its topics from the beginning", id);
            leaderLease.start();
            failingSince = null;
            while (running) {
                try {
                    step(log);
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    LOG.errorf(e, "placement instance %s: %s; going on", id, e.getMessage());
                }
            }
        } finally {
            reader = null;
            status = new PlacementStatus(id, PlacementStatus.Role.CATCHING_UP, false, eventsRead, plansPublished, 0,
                    Map.of(), List.of(), Map.of(), null);
            LOG.infof("placement instance %s stopped", id);
        }
    }

    private void step(LogReader log) {
        for (ConsumerRecord<String, byte[]> record : log.poll(POLL)) {
            apply(record);
        }
        if (!caughtUp && log.reached(startEnds)) {
            caughtUp = true;
            changed = true;
            model.countFailuresFromStatus(true);
            LOG.infof("placement instance %s caught up: %d events read, %d causes wait for a plan",
                    settings.instanceId(), eventsRead, model.pendingCount());
        }
        if (lease.held()) {
            long generation = lease.generation();
            if (generation != leaseGeneration) {
                // a new term: first read everything published before it, above all the plans of the last leader
                leaseGeneration = generation;
                leaderBarrier = log.ends();
                leading = false;
            }
            if (!leading && caughtUp && log.reached(leaderBarrier)) {
                leading = true;
                changed = true;
                LOG.infof("placement instance %s leads: %d causes wait for a plan", settings.instanceId(),
                        model.pendingCount());
            }
        } else if (leading) {
            leading = false;
            changed = true;
            LOG.infof("placement instance %s stands by", settings.instanceId());
        }
        if (leading) {
            parkUnreadable();
            decide();
            failBack();
            announceFailures();
            reconcile();
        }
        publishStatus();
    }

    // ---------------------------------------------------------------- reading

    private void apply(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (topic.endsWith(Topics.DLQ_SUFFIX)) {
            String origin = DeadLetters.origin(record.headers());
            if (origin != null) {
                parked.add(origin);
                toPark.remove(origin);
            }
            return;
        }
        if (record.value() == null) {
            return; // a tombstone of the compacted status topic
        }
        Envelope<?> envelope;
        try {
            envelope = EventCodec.decode(record.value(), topic, record.key());
        } catch (MalformedEventException e) {
            unreadable(record, e.getMessage());
            return;
        }
        eventsRead++;
        changed = true;
        reconcileDue = true;
        try {
            apply(topic, envelope);
        } catch (RuntimeException e) {
            LOG.errorf(e, "[%s] event %s (%s) cannot be applied", topic, envelope.eventId(), envelope.type());
            unreadable(record, "[" + topic + "] event " + envelope.eventId() + " (" + envelope.type()
                    + ") cannot be applied: " + e);
        }
    }

    private void apply(String topic, Envelope<?> envelope) {
        EventPayload payload = envelope.payload();
        String eventId = envelope.eventId();
        Instant at = envelope.occurredAt();
        List<NodeTransition> transitions = List.of();
        if (payload instanceof UnknownEvent) {
            return;
        } else if (payload instanceof NodeStatus s && topic.equals(Topics.NODE_STATUS)) {
            model.onNodeStatus(eventId, at, s);
        } else if (payload instanceof NodeHealthEvent h && topic.equals(Topics.NODE_HEALTH)) {
            transitions = model.onNodeHealth(eventId, at, h);
        } else if (payload instanceof AdminEvent a && topic.equals(Topics.CLUSTER_ADMIN)) {
            transitions = model.onAdmin(eventId, at, a);
        } else if (payload instanceof FailoverEvent f && topic.equals(Topics.FAILOVER_EVENTS)) {
            transitions = model.onFailoverEvent(eventId, at, f);
        } else if (payload instanceof FailoverPlanned p && topic.equals(Topics.PLACEMENT_DECISIONS)) {
            transitions = model.onPlanned(eventId, at, p);
        } else if (payload instanceof GroupFailureRecorded f && topic.equals(Topics.PLACEMENT_DECISIONS)) {
            model.onFailureRecorded(f);
        } else {
            LOG.debugf("[%s] ignoring %s", topic, envelope.type());
        }
        log(transitions);
    }

    private void log(List<NodeTransition> transitions) {
        if (!caughtUp) {
            transitions.forEach(t -> LOG.debugf("node %s: %s -> %s (%s), replayed", t.nodeId(), t.from(), t.to(),
                    t.why()));
            return;
        }
        transitions.forEach(t -> LOG.infof("node %s: %s -> %s (%s)", t.nodeId(), t.from(), t.to(), t.why()));
    }

    private void unreadable(ConsumerRecord<String, byte[]> record, String reason) {
        String origin = DeadLetters.origin(record.topic(), record.partition(), record.offset());
        if (!parked.contains(origin)) {
            toPark.put(origin, new Unreadable(record, reason));
        }
    }

    /**
     * The leader parks what could not be read and no one has parked yet: each instance reads every record, but a
     * record is parked once. A record that cannot be parked after {@value #PARK_ATTEMPTS} attempts is logged and
     * skipped, so that it never holds up the others.
     */
    private void parkUnreadable() {
        for (var it = toPark.entrySet().iterator(); it.hasNext() && running;) {
            var e = it.next();
            Unreadable u = e.getValue();
            ConsumerRecord<String, byte[]> r = u.record;
            try {
                deadLetters.park(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.headers(), u.reason)
                        .get(30, TimeUnit.SECONDS);
                parked.add(e.getKey());
                it.remove();
                LOG.warnf("parked %s (%d bytes) in %s: %s", e.getKey(), r.value() == null ? 0 : r.value().length,
                        Topics.dlq(r.topic()), DeadLetters.bounded(u.reason));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception ex) {
                String why = ex instanceof ExecutionException ? String.valueOf(ex.getCause()) : ex.toString();
                if (++u.failures >= PARK_ATTEMPTS) {
                    it.remove();
                    LOG.errorf("could not park %s (%d bytes) after %d attempts (%s); skipped it: %s", e.getKey(),
                            r.value() == null ? 0 : r.value().length, u.failures, why, DeadLetters.bounded(u.reason));
                    continue;
                }
                LOG.warnf("could not park %s yet: %s", e.getKey(), why);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- deciding

    /** Whether node failures may be acted on now: with quorum, or under policy IGNORE. Logs every change. */
    private boolean failuresAllowed() {
        Quorum quorum = model.quorum();
        boolean held = quorum.held();
        if (held != quorumHeld) {
            quorumHeld = held;
            changed = true;
            if (held) {
                LOG.infof("quorum regained (%s): node failures are planned again", quorum);
            } else if (settings.noQuorumPolicy() == NoQuorumPolicy.FREEZE) {
                LOG.warnf("quorum lost (%s): node failures wait until more than half the nodes are alive "
                        + "(no-quorum policy freeze); everything else goes on", quorum);
            } else {
                LOG.warnf("quorum lost (%s): node failures are planned anyway (no-quorum policy ignore)", quorum);
            }
        }
        return held || settings.noQuorumPolicy() == NoQuorumPolicy.IGNORE;
    }

    private void decide() {
        Optional<PlacementRequest> next;
        while (running && stillLeading() && (next = model.nextRequest(failuresAllowed())).isPresent()) {
            Instant now = clock.instant();
            PlacementRequest request = next.get();
            Plan plan;
            try {
                plan = engine.plan(model.snapshot(now), request);
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot plan %s; giving it up so that the causes behind it are planned", request);
                model.abandon(request.causeEventId());
                continue;
            }
            if (!publish(plan, now)) {
                return;
            }
        }
    }

    private void failBack() {
        Instant now = clock.instant();
        if (now.isBefore(nextFailbackCheck)) {
            return;
        }
        nextFailbackCheck = now.plus(settings.failbackCheckInterval());
        for (PlacementRequest.Failback failback : model.dueFailbacks(now)) {
            if (!running || !stillLeading()) {
                return;
            }
            Plan plan = engine.plan(model.snapshot(now), failback);
            if (plan.placed().isEmpty()) {
                LOG.debugf("failback of %s not possible yet: %s", failback.groupId(),
                        plan.decisions().isEmpty() ? "nothing to do" : plan.decisions().get(0).reason());
                continue;
            }
            if (!publish(plan, now)) {
                return;
            }
        }
    }

    /** Announces the failures counted and not yet announced (by this leader or one before it). */
    private void announceFailures() {
        for (GroupFailureRecorded notice : model.unannouncedFailures()) {
            if (!running || !stillLeading()) {
                return;
            }
            Instant now = clock.instant();
            if (!publish(Envelope.wrap(notice, source, now), "failure " + notice.failureId())) {
                return;
            }
            model.onFailureRecorded(notice);
            LOG.infof("group %s failed on %s (%d of %d before it avoids the node%s): %s", notice.groupId(),
                    notice.nodeId(), notice.failuresOnNode(), notice.failureThreshold(),
                    notice.avoidedUntil() == null ? "" : "; avoided until " + notice.avoidedUntil(), notice.reason());
        }
    }

    /**
     * The reconciler, after every change and every reconcile interval: every group whose desired and observed states
     * differ and that no failover handles gets its repair planned, highest priority first, each applied to the model
     * before the next. A repair that finds no node is not published (nothing would happen); it is tried again at the
     * next round, and the group is listed as waiting with the reason.
     */
    private void reconcile() {
        Instant now = clock.instant();
        boolean failures = failuresAllowed();
        if ((!reconcileDue && now.isBefore(nextReconcile)) || model.nextRequest(failures).isPresent()) {
            return;
        }
        reconcileDue = false;
        nextReconcile = now.plus(settings.reconcileInterval());
        Map<String, String> stillWaiting = new TreeMap<>();
        for (PlacementRequest.Repair repair : reconciler.decide(model.observations(now), now, failures)) {
            if (!running || !stillLeading()) {
                return;
            }
            // earlier repairs of this round may have claimed the group or its room: judge it again on the model now
            GroupObservation current = model.observation(repair.groupId(), now);
            Optional<PlacementRequest.Repair> again = current == null
                    ? Optional.empty()
                    : reconciler.decide(current, now);
            if (again.isEmpty() || !again.get().causeEventId().equals(repair.causeEventId())) {
                continue;
            }
            PlacementRequest.Repair chosen = again.get();
            Plan plan = engine.plan(model.snapshot(now), chosen);
            if (!plan.actsOnSomething() && chosen instanceof PlacementRequest.Relocate relocate
                    && relocate.fallback() != null) {
                plan = engine.plan(model.snapshot(now), relocate.fallback());
            }
            if (!plan.actsOnSomething()) {
                String why = plan.decisions().isEmpty() ? "nothing to do" : plan.decisions().get(0).reason();
                stillWaiting.put(repair.groupId(), repair.reason() + "; not possible now: " + why);
                if (!why.equals(waiting.get(repair.groupId()))) {
                    LOG.infof("group %s: %s; not possible now: %s", repair.groupId(), repair.reason(), why);
                }
                continue;
            }
            if (!publish(plan, now)) {
                return;
            }
        }
        if (!stillWaiting.equals(waiting)) {
            changed = true;
        }
        waiting = Map.copyOf(stillWaiting);
    }

    private boolean stillLeading() {
        return leading && lease.held() && lease.generation() == leaseGeneration;
    }

    /**
     * Publishes a plan and applies it to the model once the broker acknowledged it; retries while this instance leads.
     * Returns false when it stopped leading before the plan was acknowledged.
     */
    private boolean publish(Plan plan, Instant now) {
        FailoverPlanned event = plan.toEvent(now, settings.listing());
        Envelope<FailoverPlanned> envelope = Envelope.wrap(event, source, now);
        if (!publish(envelope, "failover " + event.failoverId())) {
            return false;
        }
        plansPublished++;
        changed = true;
        log(model.onPlanned(envelope.eventId(), now, event));
        LOG.infof("planned failover %s for %s %s (cause %s%s): %s", event.failoverId(), event.trigger().kind(),
                subject(event), event.trigger().causeEventId(), event.trigger().reason() == null
                        ? ""
                        : "; " + event.trigger().reason(),
                summary(plan));
        return true;
    }

    /** Publishes one decision, retrying while this instance leads; false when it stopped leading first. */
    private boolean publish(Envelope<? extends PlacementDecision> envelope, String what) {
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            try {
                publisher.publish(envelope);
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("publishing %s failed (%s); retrying", what, e.getMessage());
                if (!running || !stillLeading()) {
                    return false;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private static String subject(FailoverPlanned event) {
        return event.trigger().nodeId() != null && event.trigger().groupId() == null
                ? event.trigger().nodeId()
                : event.trigger().groupId();
    }

    private static String summary(Plan plan) {
        if (plan.decisions().isEmpty() && plan.releases().isEmpty()) {
            return "nothing to move";
        }
        StringBuilder s = new StringBuilder();
        plan.releases().forEach(r -> s.append(s.length() == 0 ? "" : ", ").append(r.groupId()).append(" stops on ")
                .append(r.nodeId()));
        for (GroupDecision d : plan.decisions()) {
            s.append(s.length() == 0 ? "" : ", ").append(d.groupId()).append(!d.placed()
                    ? " unplaceable (" + d.reason() + ")"
                    : d.restartFrom() != null
                            ? " restarts in place on " + d.toNodeId() + " from " + d.restartFrom()
                            : " -> " + d.toNodeId());
        }
        return s.toString();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- status

    private void publishStatus() {
        Instant now = clock.instant();
        if (!changed || now.isBefore(nextStatus)) {
            return;
        }
        changed = false;
        nextStatus = now.plus(STATUS_EVERY);
        PlacementStatus.Role role = !caughtUp
                ? PlacementStatus.Role.CATCHING_UP
                : leading ? PlacementStatus.Role.LEADER : PlacementStatus.Role.STANDBY;
        Map<String, String> nodes = new TreeMap<>();
        model.nodes().forEach((id, c) -> nodes.put(id, c.state().name()));
        List<PlacementStatus.ReservationView> reservations = model.snapshot(now).reservations().stream()
                .map(r -> new PlacementStatus.ReservationView(r.failoverId(), r.groupId(), r.nodeId(),
                        r.demand().cpuMillis(), r.demand().memoryMb()))
                .toList();
        status = new PlacementStatus(settings.instanceId(), role, caughtUp, eventsRead, plansPublished,
                model.pendingCount(), nodes, reservations, leading ? waiting : Map.of(), model.quorum());
    }
}
