package io.hacluster.monitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;
import io.hacluster.events.NodeHealthEvent.NodeFailed;
import io.hacluster.events.NodeHealthEvent.NodeIsolated;
import io.hacluster.events.NodeHealthEvent.NodeRecovered;
import io.hacluster.events.NodeHealthEvent.NodeRejoined;
import io.hacluster.events.NodeHealthEvent.NodeSuspected;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.WitnessView;

/**
 * Turns heartbeat arrivals into liveness judgements: an adaptive timeout over each node's observed inter-arrival
 * times, bounded below by the node's self-fencing deadline and above by the configured failure bound.
 *
 * <p>
 * Time is a parameter: every method takes the instant it happens at, which for heartbeats is their arrival at the
 * monitor, never the sender's clock. Nothing here sends, sleeps or reads a clock; decisions come back as
 * {@link Transition}s whose events the caller publishes. Not thread-safe: the caller serialises access.
 *
 * <p>
 * Nodes are spread over shards (the partitions of the heartbeat topic); the detector judges only the nodes of the
 * shards it was {@linkplain #assign assigned}, each after a grace period.
 */
public final class FailureDetector {

    /** What changes a node's state; see {@link #transition}. */
    private enum Signal {
        /** Silent past its suspicion timeout. */
        SUSPICION_TIMEOUT,
        /** Silent past its failure timeout, with the guard inactive (and the witness, if any, agreeing). */
        FAILURE_TIMEOUT,
        /** Silent past its failure timeout, but alive on the storage witness and holding volumes. */
        ISOLATION,
        /** A new heartbeat of the incarnation the monitor knows. */
        HEARTBEAT,
        /** A heartbeat of an incarnation the monitor has not seen: the agent restarted. */
        NEW_INCARNATION
    }

    private static final int SILENT_IDS_SHOWN = 10;

    private final DetectorSettings settings;
    private final ToIntFunction<String> shardOf;
    private final Map<String, NodeRecord> nodes = new HashMap<>();
    /** Owned shards, with the end of their grace period. */
    private final Map<Integer, Instant> ownedShards = new HashMap<>();
    private GuardStatus guard;
    /** The monitor's own lag as last measured. */
    private OwnLag.Reading lag = OwnLag.Reading.NONE;
    /** Declarations are slowed down until this instant (and while any are held back), or null. */
    private Instant slowUntil;
    private double tokens;
    private Instant tokensAt;
    /** Declarations held back at the last evaluation, and how many the last DECLARATIONS_HELD alert reported. */
    private int held;
    private int heldReported;

    /**
     * @param settings validated settings
     * @param shardOf the shard of a node id (the heartbeat topic's partition of that key)
     */
    public FailureDetector(DetectorSettings settings, ToIntFunction<String> shardOf) {
        this.settings = settings.requireValid();
        this.shardOf = Objects.requireNonNull(shardOf, "shardOf");
        this.guard = new GuardStatus(false, null, 0, 0, settings.massSilenceThreshold(),
                settings.massSilenceMinNodes(), List.of(), settings.massSilenceClearThreshold(), 0,
                GuardStatus.Quorum.NONE);
    }

    // ---------------------------------------------------------------------------------------------------- inputs

    /** A heartbeat arrived at {@code arrivedAt}: a sign of life. Returns the transitions it causes. */
    public List<Transition> heartbeat(NodeHeartbeat heartbeat, Instant arrivedAt) {
        NodeRecord node = nodes.get(heartbeat.nodeId());
        if (node == null) {
            node = create(heartbeat.nodeId(), arrivedAt);
            node.incarnation = heartbeat.incarnation();
            node.advertise(heartbeat);
            node.arrive(heartbeat.seq(), arrivedAt, false, lag);
            return List.of();
        }
        if (!heartbeat.incarnation().equals(node.incarnation)) {
            return transition(node, Signal.NEW_INCARNATION, heartbeat, arrivedAt);
        }
        if (heartbeat.seq() <= node.lastSeq) {
            return List.of(); // a repeat of a heartbeat already counted
        }
        return transition(node, Signal.HEARTBEAT, heartbeat, arrivedAt);
    }

    /**
     * A heartbeat from before this monitor took the node's shard over (history): it says the node exists, not that it
     * is alive now. Creates an unknown node as ALIVE, never changes a known one, and causes no transition.
     */
    public void discover(NodeHeartbeat heartbeat, Instant now) {
        if (!nodes.containsKey(heartbeat.nodeId())) {
            NodeRecord node = create(heartbeat.nodeId(), now);
            node.incarnation = heartbeat.incarnation();
            node.advertise(heartbeat);
        }
    }

    /**
     * A judgement published on node-health by another monitor instance (or by this monitor before a restart): the
     * last word on the node unless this instance is judging the node itself right now (it holds the node's shard and
     * the grace period is over). Causes no transition.
     *
     * @return whether the judgement was taken over
     */
    public boolean restore(NodeHealthEvent judgement, Instant now) {
        if (judgement instanceof MonitorAlert) {
            return false;
        }
        NodeRecord node = nodes.get(judgement.key());
        if (node != null && node.owned && !inGrace(node, now)) {
            return false;
        }
        if (node == null) {
            node = create(judgement.key(), now);
        }
        if (judgement instanceof NodeSuspected s) {
            node.restore(Liveness.SUSPECT, s.incarnation());
        } else if (judgement instanceof NodeFailed f) {
            node.restore(Liveness.FAILED, f.incarnation());
            node.failedAt = f.detectedAt();
            node.advertise(f.heartbeatIntervalMs(), f.isolationTimeoutMs());
            node.window.clear();
        } else if (judgement instanceof NodeIsolated i) {
            node.restore(Liveness.ISOLATED, i.incarnation());
        } else if (judgement instanceof NodeRecovered r) {
            node.restore(Liveness.ALIVE, r.incarnation());
        } else if (judgement instanceof NodeRejoined j) {
            node.restore(Liveness.ALIVE, j.incarnation());
            node.window.clear();
        } else {
            return false;
        }
        return true;
    }

    /**
     * This instance now holds these shards: their nodes are judged after a grace period. A node not heard from since
     * is counted as heard at {@code now}.
     */
    public void assign(Set<Integer> shards, Instant now) {
        Instant graceEnd = now.plus(settings.gracePeriod());
        for (Integer shard : shards) {
            ownedShards.put(shard, graceEnd);
        }
        for (NodeRecord node : nodes.values()) {
            if (shards.contains(shardOf.applyAsInt(node.nodeId))) {
                node.owned = true;
                node.judgeFrom = graceEnd;
                if (!node.heard) {
                    node.lastArrival = now;
                    node.countFrom(now, lag);
                }
            }
        }
    }

    /** This instance no longer holds these shards: their nodes are no longer judged here. */
    public void revoke(Set<Integer> shards) {
        for (Integer shard : shards) {
            ownedShards.remove(shard);
        }
        for (NodeRecord node : nodes.values()) {
            if (shards.contains(shardOf.applyAsInt(node.nodeId))) {
                node.owned = false;
            }
        }
    }

    /** Judges every node this instance holds at {@code now}, with no lag of its own measured. */
    public Evaluation evaluate(Instant now) {
        return evaluate(now, OwnLag.Reading.NONE);
    }

    /**
     * Judges every node this instance holds at {@code now}: first the mass-silence guard, then each node's silence,
     * the nodes longest overdue first. {@code lag} is the monitor's own lag as measured now: the time it stalled or
     * its consumer fell behind since a node's last heartbeat is not counted as that node's silence (at most
     * {@code maxLagExtension}). After a guard clears, declarations are limited to {@code declarationRate} per second.
     */
    public Evaluation evaluate(Instant now, OwnLag.Reading lag) {
        return evaluate(now, lag, WitnessView.NONE);
    }

    /**
     * Judges as {@link #evaluate(Instant, OwnLag.Reading)}, and before declaring a node failed consults the storage
     * witness ({@link WitnessRule}): a node alive there and holding volumes is ISOLATED, not failed, until its slot
     * shows it released them, goes stale, or its self-fence deadline passes while it is not FROZEN.
     */
    public Evaluation evaluate(Instant now, OwnLag.Reading lag, WitnessView witness) {
        this.lag = Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(witness, "witness");
        List<NodeRecord> judged = new ArrayList<>();
        List<NodeRecord> silent = new ArrayList<>();
        for (NodeRecord node : nodes.values()) {
            if (node.owned && node.state != Liveness.FAILED && !inGrace(node, now)) {
                judged.add(node);
                if (!now.isBefore(suspectAt(node))) {
                    silent.add(node);
                }
            }
        }
        List<MonitorAlert> alerts = new ArrayList<>();
        MonitorAlert massSilence = updateGuard(judged, silent, now);
        if (massSilence != null) {
            alerts.add(massSilence);
        }
        Map<NodeRecord, Instant> due = new HashMap<>();
        judged.forEach(n -> due.put(n, failAt(n)));
        MonitorAlert quorumAlert = updateQuorum(due, silent, witness, now);
        if (quorumAlert != null) {
            alerts.add(quorumAlert);
            judged.forEach(n -> due.put(n, failAt(n))); // a regained quorum gave the silent nodes a fresh grace
        }
        boolean holding = guard.active() || guard.quorum().holdsDeclarations();
        judged.sort(Comparator.comparing((NodeRecord n) -> due.get(n)).thenComparing(n -> n.nodeId));
        List<Transition> transitions = new ArrayList<>();
        List<String> heldIds = new ArrayList<>();
        for (NodeRecord node : judged) {
            boolean overdue = !now.isBefore(due.get(node));
            if (overdue && !holding) {
                WitnessRule.Verdict verdict = WitnessRule.decide(witness, node.nodeId,
                        selfFenceDeadline(node, witness), now);
                if (verdict.isolated() && node.state != Liveness.ISOLATED) {
                    transitions.addAll(transition(node, Signal.ISOLATION, null, now, verdict));
                }
                if (verdict.failed()) {
                    if (mayDeclare(now)) {
                        transitions.addAll(transition(node, Signal.FAILURE_TIMEOUT, null, now, verdict));
                    } else {
                        heldIds.add(node.nodeId);
                    }
                }
            }
            if (node.state == Liveness.ALIVE && !now.isBefore(suspectAt(node))) {
                transitions.addAll(transition(node, Signal.SUSPICION_TIMEOUT, null, now));
            }
        }
        MonitorAlert heldAlert = holding ? null : updateHeld(heldIds, judged.size(), now);
        if (heldAlert != null) {
            alerts.add(heldAlert);
        }
        guard = guard.withHeld(held);
        return new Evaluation(transitions, alerts, guard);
    }

    // ---------------------------------------------------------------------------------------------------- views

    public GuardStatus guard() {
        return guard;
    }

    public Optional<NodeView> node(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId)).map(this::view);
    }

    /** Every known node, by id. */
    public List<NodeView> nodes() {
        return nodes.values().stream().sorted(Comparator.comparing(n -> n.nodeId)).map(this::view).toList();
    }

    /** Shards this instance holds. */
    public Set<Integer> ownedShards() {
        return Set.copyOf(ownedShards.keySet());
    }

    // ---------------------------------------------------------------------------------------------------- rules

    /** The state machine: the only place a node's liveness changes. Its table is in docs/services/health-monitor.md. */
    private List<Transition> transition(NodeRecord node, Signal signal, NodeHeartbeat heartbeat, Instant now) {
        return transition(node, signal, heartbeat, now, null);
    }

    /** The state machine; {@code witness} is the storage witness's verdict for the timeouts, or null. */
    private List<Transition> transition(NodeRecord node, Signal signal, NodeHeartbeat heartbeat, Instant now,
            WitnessRule.Verdict witness) {
        List<Transition> out = new ArrayList<>();
        Liveness from = node.state;
        switch (signal) {
            case SUSPICION_TIMEOUT -> {
                if (from == Liveness.ALIVE) {
                    String why = silence(node, now) + ", beyond its suspicion timeout of "
                            + suspicionTimeout(node).toMillis() + " ms (" + estimate(node) + ")";
                    out.add(move(node, Liveness.SUSPECT, why, new NodeSuspected(node.nodeId, node.incarnation,
                            node.lastArrival, now, why)));
                }
            }
            case ISOLATION -> {
                if (from == Liveness.ALIVE) {
                    out.addAll(transition(node, Signal.SUSPICION_TIMEOUT, null, now));
                }
                if (node.state == Liveness.SUSPECT) {
                    String why = silence(node, now) + ", beyond its failure timeout of "
                            + failureTimeout(node).toMillis() + " ms, but " + witness.why();
                    out.add(move(node, Liveness.ISOLATED, why, new NodeIsolated(node.nodeId, node.incarnation,
                            node.lastArrival, now, witness.witnessMode(), why)));
                }
            }
            case FAILURE_TIMEOUT -> {
                if (from == Liveness.ALIVE) {
                    out.addAll(transition(node, Signal.SUSPICION_TIMEOUT, null, now));
                }
                if (node.state == Liveness.SUSPECT || node.state == Liveness.ISOLATED) {
                    Duration isolation = node.isolationTimeout(settings);
                    String why = silence(node, now) + ", beyond its failure timeout of "
                            + failureTimeout(node).toMillis() + " ms (never before isolation timeout "
                            + isolation.toMillis() + " ms + margin " + settings.isolationMargin().toMillis()
                            + " ms; " + estimate(node) + ")" + allowances(node)
                            + (witness == null || witness.why().isEmpty() ? "" : "; " + witness.why());
                    out.add(move(node, Liveness.FAILED, why, failed(node, now, why)));
                    node.window.clear();
                }
            }
            case HEARTBEAT -> {
                // a gap that ended in suspicion still feeds the estimate: jitter makes the detector more patient
                boolean sample = from != Liveness.FAILED;
                if (!sample) {
                    node.window.clear();
                }
                node.arrive(heartbeat.seq(), now, sample, lag);
                node.advertise(heartbeat);
                if (from != Liveness.ALIVE) {
                    String why = "heartbeat " + heartbeat.seq() + " of incarnation " + node.incarnation
                            + " arrived again";
                    out.add(move(node, Liveness.ALIVE, why,
                            new NodeRecovered(node.nodeId, node.incarnation, now, from.name())));
                }
            }
            case NEW_INCARNATION -> {
                String previous = node.incarnation;
                if (from != Liveness.FAILED) {
                    String why = "restarted with a new incarnation";
                    out.add(move(node, Liveness.FAILED, why + " (" + heartbeat.incarnation() + " replaces "
                            + previous + ")", failed(node, now, why)));
                }
                node.incarnation = heartbeat.incarnation();
                node.window.clear();
                node.arrive(heartbeat.seq(), now, false, lag);
                node.advertise(heartbeat);
                out.add(move(node, Liveness.ALIVE, "came back as incarnation " + heartbeat.incarnation()
                        + " after " + previous,
                        new NodeRejoined(node.nodeId, previous, heartbeat.incarnation(), now)));
            }
        }
        return out;
    }

    private static Transition move(NodeRecord node, Liveness to, String why, NodeHealthEvent event) {
        Transition transition = new Transition(node.nodeId, node.state, to, why, event);
        node.state = to;
        if (event instanceof NodeFailed f) {
            node.failedAt = f.detectedAt();
        }
        return transition;
    }

    private NodeFailed failed(NodeRecord node, Instant now, String why) {
        return new NodeFailed(node.nodeId, node.incarnation, node.lastArrival, now, why,
                node.heartbeatInterval(settings).toMillis(), node.isolationTimeout(settings).toMillis());
    }

    /**
     * The mass-silence guard, with hysteresis: raised when {@code threshold} of the judged nodes (and at least
     * {@code min-silent-nodes}) are silent, cleared only when fewer than {@code clear-threshold} (or fewer than
     * {@code min-silent-nodes}) are. So a silence that hovers about the threshold does not clear it and release every
     * declaration at once.
     */
    private MonitorAlert updateGuard(List<NodeRecord> judged, List<NodeRecord> silent, Instant now) {
        int total = judged.size();
        int quiet = silent.size();
        boolean enough = total >= 2 && quiet >= Math.min(settings.massSilenceMinNodes(), total);
        boolean massSilence = guard.active()
                ? enough && quiet >= settings.massSilenceClearThreshold() * total
                : enough && quiet >= settings.massSilenceThreshold() * total;
        List<String> ids = silent.stream().map(n -> n.nodeId).sorted().limit(SILENT_IDS_SHOWN).toList();
        boolean changed = massSilence != guard.active();
        guard = new GuardStatus(massSilence, changed ? now : guard.since(), total, quiet,
                settings.massSilenceThreshold(), settings.massSilenceMinNodes(), ids,
                settings.massSilenceClearThreshold(), held, guard.quorum());
        if (!changed) {
            return null;
        }
        if (!massSilence) {
            afterGuard(silent, now);
        }
        return new MonitorAlert(MonitorAlert.Kind.MASS_SILENCE, massSilence, quiet, total,
                settings.massSilenceThreshold(), now, guard.message(), ids);
    }

    /**
     * The quorum: the monitor sees a node when its heartbeats arrive (it is not FAILED and, if this instance judges it,
     * not yet due to be failed; a node of another instance's partitions by that instance's last word) or when its
     * witness slot is fresh. It knows every node heard of, except those declared failed more than
     * {@code forgetFailedAfter} ago. Lost when no more than half of the known nodes are seen: under policy
     * {@code freeze} nobody is then declared failed. Its loss and return are alerts; its return is a guard clearing
     * like the mass-silence guard's (a fresh grace for the nodes still silent, slow declarations).
     */
    private MonitorAlert updateQuorum(Map<NodeRecord, Instant> due, List<NodeRecord> silent, WitnessView witness,
            Instant now) {
        int known = 0;
        List<String> unseen = new ArrayList<>();
        for (NodeRecord node : nodes.values()) {
            if (node.state == Liveness.FAILED && node.failedAt != null
                    && !now.isBefore(node.failedAt.plus(settings.forgetFailedAfter()))) {
                continue;
            }
            known++;
            if (!seen(node, due, witness, now)) {
                unseen.add(node.nodeId);
            }
        }
        int seen = known - unseen.size();
        boolean held = known == 0 || seen * 2 > known;
        boolean enforced = settings.noQuorumPolicy() == NoQuorumPolicy.FREEZE;
        GuardStatus.Quorum before = guard.quorum();
        boolean changed = held != before.held();
        guard = guard.withQuorum(new GuardStatus.Quorum(held, seen, known, changed ? now : before.since(), enforced));
        if (!changed || !enforced) {
            return null; // under policy ignore the quorum is shown, not acted on
        }
        if (held) {
            afterGuard(silent, now);
        }
        List<String> ids = unseen.stream().sorted().limit(SILENT_IDS_SHOWN).toList();
        String message = held
                ? "quorum regained: " + guard.quorum()
                : "quorum lost: " + guard.quorum() + "; nobody is declared failed until more than half are seen again";
        return new MonitorAlert(MonitorAlert.Kind.NO_QUORUM, !held, unseen.size(), known, 0.5, now, message, ids);
    }

    private boolean seen(NodeRecord node, Map<NodeRecord, Instant> due, WitnessView witness, Instant now) {
        if (witness.fresh(node.nodeId)) {
            return true;
        }
        if (node.state == Liveness.FAILED) {
            return false;
        }
        if (!node.owned) {
            return node.state != Liveness.ISOLATED; // another instance hears it
        }
        Instant failAt = due.get(node);
        return failAt == null || now.isBefore(failAt); // in its grace period, or not yet due
    }

    /**
     * A guard cleared: heartbeats are back for most nodes, and the others' may still be on the way. Each node still
     * silent gets a fresh grace: its silence counts from now, so it is declared failed no earlier than a whole failure
     * timeout from now; and declarations are slowed down to {@code declarationRate} per second for
     * {@code slowDeclarationPeriod}, and for as long as any are held back.
     */
    private void afterGuard(List<NodeRecord> silent, Instant now) {
        for (NodeRecord node : silent) {
            node.countFrom(now, lag);
        }
        if (slowUntil == null) {
            tokens = 1;
            tokensAt = now;
        }
        // a guard that clears again while declarations are slowed grants no new tokens: it only extends the period
        slowUntil = now.plus(settings.slowDeclarationPeriod());
    }

    /**
     * Whether a node may be declared failed now: always, except while declarations are slowed down after a guard; then
     * a token bucket refilled at {@code declarationRate} per second holding at most a second's worth (at least one).
     */
    private boolean mayDeclare(Instant now) {
        if (slowUntil == null) {
            return true;
        }
        double elapsed = Math.max(0, Duration.between(tokensAt, now).toNanos()) / 1e9;
        tokens = Math.min(Math.max(1, settings.declarationRate()), tokens + elapsed * settings.declarationRate());
        tokensAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Notes the declarations held back by the rate limit; an alert when they begin, grow, or end. Not called while a
     * guard holds every declaration: those held back stay so.
     */
    private MonitorAlert updateHeld(List<String> heldIds, int judged, Instant now) {
        held = heldIds.size();
        if (slowUntil != null && held == 0 && !now.isBefore(slowUntil)) {
            slowUntil = null;
        }
        boolean report = held > heldReported || (held == 0 && heldReported > 0);
        if (!report) {
            return null;
        }
        heldReported = held;
        List<String> ids = heldIds.stream().sorted().limit(SILENT_IDS_SHOWN).toList();
        String message = held > 0
                ? held + " failure declarations held back: after a guard cleared, at most "
                        + rate(settings.declarationRate()) + " nodes per second are declared failed, the longest "
                        + "silent first"
                : "no failure declarations held back any more";
        return new MonitorAlert(MonitorAlert.Kind.DECLARATIONS_HELD, held > 0, held, judged,
                settings.declarationRate(), now, message, ids);
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
    }

    // ---------------------------------------------------------------------------------------------------- timing

    /** Suspicion timeout: mean + k·σ of the node's inter-arrival times, never beyond its failure timeout. */
    Duration suspicionTimeout(NodeRecord node) {
        long adaptive = Math.round(mean(node) + settings.suspectDeviations() * stdDev(node));
        return min(Duration.ofMillis(adaptive), failureTimeout(node));
    }

    /**
     * Failure timeout: mean + k·σ of the node's inter-arrival times, at least its isolation timeout + margin, at most
     * the failure bound (or its isolation timeout + margin where that is longer).
     */
    Duration failureTimeout(NodeRecord node) {
        Duration isolation = node.isolationTimeout(settings);
        Duration floor = isolation.plus(settings.isolationMargin());
        Duration ceiling = settings.failureBoundFor(isolation);
        Duration adaptive = Duration.ofMillis(Math.round(mean(node) + settings.failureDeviations() * stdDev(node)));
        return min(max(adaptive, floor), ceiling);
    }

    /**
     * Mean inter-arrival time, never below the advertised interval: heartbeats cannot arrive more often than they are
     * sent, and a burst after a stall (the monitor catching up) must not make the detector hastier.
     */
    private double mean(NodeRecord node) {
        double interval = node.heartbeatInterval(settings).toMillis();
        return node.window.count() < settings.minSamples() ? interval : Math.max(node.window.mean(), interval);
    }

    private double stdDev(NodeRecord node) {
        return node.window.count() < settings.minSamples()
                ? node.heartbeatInterval(settings).toMillis()
                : Math.max(node.window.stdDev(), settings.minStdDev().toMillis());
    }

    private String estimate(NodeRecord node) {
        return node.window.count() < settings.minSamples()
                ? "estimate from the advertised interval of " + node.heartbeatInterval(settings).toMillis()
                        + " ms, " + node.window.count() + " samples so far"
                : String.format(Locale.ROOT, "inter-arrival mean %.0f ms, deviation %.0f ms over %d samples",
                        mean(node), stdDev(node), node.window.count());
    }

    /**
     * When a node cut off from Kafka has fenced itself: its last heartbeat's arrival + the isolation bound it
     * advertises (on its heartbeats, or on its witness slot if longer) + the margin.
     */
    private Instant selfFenceDeadline(NodeRecord node, WitnessView witness) {
        Duration isolation = node.isolationTimeout(settings);
        Duration onSlot = witness.of(node.nodeId).filter(s -> s.slot() != null)
                .map(s -> Duration.ofMillis(s.slot().isolationTimeoutMs())).orElse(Duration.ZERO);
        return node.lastArrival.plus(max(isolation, onSlot)).plus(settings.isolationMargin());
    }

    /** What postponed the node's deadlines, in words: a guard's clearing, the monitor's own lag. */
    private String allowances(NodeRecord node) {
        String why = "";
        if (node.countFrom.isAfter(node.lastArrival)) {
            why += "; silence counted from " + node.countFrom + ", when a guard cleared";
        }
        long extension = extension(node).toMillis();
        if (extension > 0) {
            why += "; deadlines extended by " + extension + " ms for this monitor's own lag";
        }
        return why;
    }

    /**
     * How much of the time since the node's silence began the monitor itself lagged: the stalls it measured since, or
     * the growth of its consumer's lag since, whichever is more, at most {@code maxLagExtension}.
     */
    Duration extension(NodeRecord node) {
        Duration stalls = lag.stalled().minus(node.stalledAtCountFrom);
        Duration behind = lag.consumerLag().minus(node.consumerLagAtCountFrom);
        Duration extension = max(max(stalls, behind), Duration.ZERO);
        return min(extension, settings.maxLagExtension());
    }

    private static String silence(NodeRecord node, Instant now) {
        long silentMs = Duration.between(node.lastArrival, now).toMillis();
        return node.heard
                ? "silent for " + silentMs + " ms since its last heartbeat arrived at " + node.lastArrival
                : "not heard for " + silentMs + " ms since this monitor took it over at " + node.lastArrival;
    }

    private Instant suspectAt(NodeRecord node) {
        return notBefore(node.countFrom.plus(suspicionTimeout(node)).plus(extension(node)), node.judgeFrom);
    }

    private Instant failAt(NodeRecord node) {
        return notBefore(node.countFrom.plus(failureTimeout(node)).plus(extension(node)), node.judgeFrom);
    }

    private static boolean inGrace(NodeRecord node, Instant now) {
        return node.judgeFrom != null && now.isBefore(node.judgeFrom);
    }

    private NodeRecord create(String nodeId, Instant now) {
        NodeRecord node = new NodeRecord(nodeId, settings.windowSize());
        node.lastArrival = now;
        node.countFrom(now, lag);
        Instant graceEnd = ownedShards.get(shardOf.applyAsInt(nodeId));
        if (graceEnd != null) {
            node.owned = true;
            node.judgeFrom = graceEnd;
        }
        nodes.put(nodeId, node);
        return node;
    }

    private NodeView view(NodeRecord node) {
        return new NodeView(node.nodeId, node.state, node.incarnation, node.lastArrival, node.heard, node.owned,
                node.judgeFrom, node.window.count(), suspicionTimeout(node), failureTimeout(node), node.countFrom,
                extension(node));
    }

    private static Instant notBefore(Instant instant, Instant floor) {
        return floor == null || instant.isAfter(floor) ? instant : floor;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The detector's mutable knowledge of one node. */
    private static final class NodeRecord {

        final String nodeId;
        final ArrivalWindow window;
        Liveness state = Liveness.ALIVE;
        String incarnation;
        long lastSeq = -1;
        long intervalMs;
        long isolationMs;
        /** Arrival of the last heartbeat, or when this monitor took the node over if it has not heard it since. */
        Instant lastArrival;
        boolean heard;
        boolean owned;
        Instant judgeFrom;
        /** Silence counts from here: the last arrival, or a later instant that gave the node a fresh grace. */
        Instant countFrom;
        /** The monitor's own lag when the silence began to count, so that only the lag since is allowed for. */
        Duration stalledAtCountFrom = Duration.ZERO;
        Duration consumerLagAtCountFrom = Duration.ZERO;
        /** When it was last declared failed (by any instance). */
        Instant failedAt;

        NodeRecord(String nodeId, int windowSize) {
            this.nodeId = nodeId;
            this.window = new ArrivalWindow(windowSize);
        }

        /** Counts an arrival; with {@code sample}, the gap since the previous one feeds the estimate. */
        void arrive(long seq, Instant at, boolean sample, OwnLag.Reading lag) {
            if (sample && heard && at.isAfter(lastArrival)) {
                window.add(Duration.between(lastArrival, at).toMillis());
            }
            lastSeq = seq;
            lastArrival = at;
            heard = true;
            countFrom(at, lag);
        }

        void countFrom(Instant at, OwnLag.Reading lag) {
            countFrom = at;
            stalledAtCountFrom = lag.stalled();
            consumerLagAtCountFrom = lag.consumerLag();
        }

        void restore(Liveness liveness, String judgedIncarnation) {
            if (judgedIncarnation != null && !judgedIncarnation.equals(incarnation)) {
                incarnation = judgedIncarnation;
                lastSeq = -1;
            }
            state = liveness;
        }

        void advertise(NodeHeartbeat heartbeat) {
            advertise(heartbeat.intervalMs(), heartbeat.isolationTimeoutMs());
        }

        void advertise(long interval, long isolation) {
            if (interval > 0) {
                intervalMs = interval;
            }
            if (isolation > 0) {
                isolationMs = isolation;
            }
        }

        Duration heartbeatInterval(DetectorSettings settings) {
            return intervalMs > 0 ? Duration.ofMillis(intervalMs) : settings.defaultHeartbeatInterval();
        }

        Duration isolationTimeout(DetectorSettings settings) {
            return isolationMs > 0 ? Duration.ofMillis(isolationMs) : settings.defaultIsolationTimeout();
        }
    }
}
