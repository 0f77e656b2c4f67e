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
import io.hacluster.events.NodeHealthEvent.NodeRecovered;
import io.hacluster.events.NodeHealthEvent.NodeRejoined;
import io.hacluster.events.NodeHealthEvent.NodeSuspected;
import io.hacluster.events.NodeHeartbeat;

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
        /** Silent past its failure timeout, with the guard inactive. */
        FAILURE_TIMEOUT,
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

    /**
     * @param settings validated settings
     * @param shardOf the shard of a node id (the heartbeat topic's partition of that key)
     */
    public FailureDetector(DetectorSettings settings, ToIntFunction<String> shardOf) {
        this.settings = settings.requireValid();
        this.shardOf = Objects.requireNonNull(shardOf, "shardOf");
        this.guard = new GuardStatus(false, null, 0, 0, settings.massSilenceThreshold(),
                settings.massSilenceMinNodes(), List.of());
    }

    // ---------------------------------------------------------------------------------------------------- inputs

    /** A heartbeat arrived at {@code arrivedAt}: a sign of life. Returns the transitions it causes. */
    public List<Transition> heartbeat(NodeHeartbeat heartbeat, Instant arrivedAt) {
        NodeRecord node = nodes.get(heartbeat.nodeId());
        if (node == null) {
            node = create(heartbeat.nodeId(), arrivedAt);
            node.incarnation = heartbeat.incarnation();
            node.advertise(heartbeat);
            node.arrive(heartbeat.seq(), arrivedAt, false);
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
            node.advertise(f.heartbeatIntervalMs(), f.isolationTimeoutMs());
            node.window.clear();
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

    /**
     * Judges every node this instance holds at {@code now}: first the mass-silence guard, then each node's silence.
     */
    public Evaluation evaluate(Instant now) {
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
        MonitorAlert alert = updateGuard(judged, silent, now);
        List<Transition> transitions = new ArrayList<>();
        judged.sort(Comparator.comparing(n -> n.nodeId));
        for (NodeRecord node : judged) {
            if (!guard.active() && !now.isBefore(failAt(node))) {
                transitions.addAll(transition(node, Signal.FAILURE_TIMEOUT, null, now));
            } else if (node.state == Liveness.ALIVE && !now.isBefore(suspectAt(node))) {
                transitions.addAll(transition(node, Signal.SUSPICION_TIMEOUT, null, now));
            }
        }
        return new Evaluation(transitions, alert, guard);
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
            case FAILURE_TIMEOUT -> {
                if (from == Liveness.ALIVE) {
                    out.addAll(transition(node, Signal.SUSPICION_TIMEOUT, null, now));
                }
                if (node.state == Liveness.SUSPECT) {
                    Duration isolation = node.isolationTimeout(settings);
                    String why = silence(node, now) + ", beyond its failure timeout of "
                            + failureTimeout(node).toMillis() + " ms (never before isolation timeout "
                            + isolation.toMillis() + " ms + margin " + settings.isolationMargin().toMillis()
                            + " ms; " + estimate(node) + ")";
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
                node.arrive(heartbeat.seq(), now, sample);
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
                if (from == Liveness.ALIVE || from == Liveness.SUSPECT) {
                    String why = "restarted with a new incarnation";
                    out.add(move(node, Liveness.FAILED, why + " (" + heartbeat.incarnation() + " replaces "
                            + previous + ")", failed(node, now, why)));
                }
                node.incarnation = heartbeat.incarnation();
                node.window.clear();
                node.arrive(heartbeat.seq(), now, false);
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
        return transition;
    }

    private NodeFailed failed(NodeRecord node, Instant now, String why) {
        return new NodeFailed(node.nodeId, node.incarnation, node.lastArrival, now, why,
                node.heartbeatInterval(settings).toMillis(), node.isolationTimeout(settings).toMillis());
    }

    private MonitorAlert updateGuard(List<NodeRecord> judged, List<NodeRecord> silent, Instant now) {
        int total = judged.size();
        int quiet = silent.size();
        boolean massSilence = total >= 2 && quiet >= Math.min(settings.massSilenceMinNodes(), total)
                && quiet >= settings.massSilenceThreshold() * total;
        List<String> ids = silent.stream().map(n -> n.nodeId).sorted().limit(SILENT_IDS_SHOWN).toList();
        boolean changed = massSilence != guard.active();
        guard = new GuardStatus(massSilence, changed ? now : guard.since(), total, quiet,
                settings.massSilenceThreshold(), settings.massSilenceMinNodes(), ids);
        if (!changed) {
            return null;
        }
        if (!massSilence) {
            // Heartbeats are back for most nodes; the rest get a grace period before they are judged, as their
            // heartbeats may still be on the way.
            Instant graceEnd = now.plus(settings.gracePeriod());
            for (NodeRecord node : nodes.values()) {
                if (node.owned && (node.judgeFrom == null || node.judgeFrom.isBefore(graceEnd))) {
                    node.judgeFrom = graceEnd;
                }
            }
        }
        return new MonitorAlert(MonitorAlert.Kind.MASS_SILENCE, massSilence, quiet, total,
                settings.massSilenceThreshold(), now, guard.message(), ids);
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

    private static String silence(NodeRecord node, Instant now) {
        long silentMs = Duration.between(node.lastArrival, now).toMillis();
        return node.heard
                ? "silent for " + silentMs + " ms since its last heartbeat arrived at " + node.lastArrival
                : "not heard for " + silentMs + " ms since this monitor took it over at " + node.lastArrival;
    }

    private Instant suspectAt(NodeRecord node) {
        return notBefore(node.lastArrival.plus(suspicionTimeout(node)), node.judgeFrom);
    }

    private Instant failAt(NodeRecord node) {
        return notBefore(node.lastArrival.plus(failureTimeout(node)), node.judgeFrom);
    }

    private static boolean inGrace(NodeRecord node, Instant now) {
        return node.judgeFrom != null && now.isBefore(node.judgeFrom);
    }

    private NodeRecord create(String nodeId, Instant now) {
        NodeRecord node = new NodeRecord(nodeId, settings.windowSize());
        node.lastArrival = now;
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
                node.judgeFrom, node.window.count(), suspicionTimeout(node), failureTimeout(node));
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

        NodeRecord(String nodeId, int windowSize) {
            this.nodeId = nodeId;
            this.window = new ArrivalWindow(windowSize);
        }

        /** Counts an arrival; with {@code sample}, the gap since the previous one feeds the estimate. */
        void arrive(long seq, Instant at, boolean sample) {
            if (sample && heard && at.isAfter(lastArrival)) {
                window.add(Duration.between(lastArrival, at).toMillis());
            }
            lastSeq = seq;
            lastArrival = at;
            heard = true;
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
