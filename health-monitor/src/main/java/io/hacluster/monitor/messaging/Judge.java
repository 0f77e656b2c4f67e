package io.hacluster.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Topics;
import io.hacluster.events.WitnessView;
import io.hacluster.events.WitnessWatch;
import io.hacluster.events.witness.SharedDirectoryWitnessSlots;
import io.hacluster.events.witness.WitnessSlots;
import io.hacluster.monitor.config.MonitorConfig;
import io.hacluster.monitor.domain.DetectorSettings;
import io.hacluster.monitor.domain.Evaluation;
import io.hacluster.monitor.domain.FailureDetector;
import io.hacluster.monitor.domain.GuardStatus;
import io.hacluster.monitor.domain.NodeView;
import io.hacluster.monitor.domain.OwnLag;
import io.hacluster.monitor.domain.Transition;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The shell around the {@link FailureDetector}: feeds it heartbeats (stamped with their arrival time here), the
 * judgements already on node-health and the partitions this instance holds; evaluates it periodically; hands what it
 * decides to the {@link HealthPublisher}. All access to the detector is serialised here.
 */
@ApplicationScoped
public class Judge {

    private static final Logger LOG = Logger.getLogger(Judge.class);
    /** Shorter stalls are common on a busy host; they are logged at DEBUG. */
    private static final Duration STALL_WORTH_A_WARNING = Duration.ofSeconds(1);

    private final Object lock = new Object();
    private final Clock clock = Clock.systemUTC();
    /** Envelope source of this run: a new id at every start, so that a restarted monitor replays its own past. */
    private final String source = "health-monitor/" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<Integer> heldPartitions = new HashSet<>();
    private final HealthPublisher publisher;
    private final FailureDetector detector;
    /** The monitor's own lag, on the monotonic clock (ADR 0025). */
    private final OwnLag ownLag;
    /** The storage witness, or null when {@code monitor.witness.root} is unset. */
    private final WitnessSlots witnessSlots;
    private final WitnessWatch witness;
    private final Duration witnessPoll;
    private final long monotonicOrigin = System.nanoTime();
    private volatile int heartbeatPartitions = Topics.DATA_PLANE_PARTITIONS;
    private volatile boolean historyLoaded;
    private volatile boolean stopping;

    private final Duration evaluationInterval;
    private final Duration maxLagExtension;
    private ScheduledExecutorService evaluator;
    private ScheduledExecutorService witnessReader;

    @Inject
    public Judge(DetectorSettings settings, MonitorConfig config, HealthPublisher publisher) {
        this.publisher = publisher;
        this.evaluationInterval = config.evaluationInterval();
        this.detector = new FailureDetector(settings, this::partitionOf);
        this.ownLag = new OwnLag(evaluationInterval);
        this.witnessSlots = config.witness().root().map(root -> new SharedDirectoryWitnessSlots(Path.of(root)))
                .orElse(null);
        this.witness = witnessSlots == null ? null : new WitnessWatch(config.witness().timeout());
        this.witnessPoll = config.witness().pollInterval();
        this.maxLagExtension = settings.maxLagExtension();
    }

    /** The monotonic clock: time since this instance was created, never stepped. */
    private Duration monotonicNow() {
        return Duration.ofNanos(System.nanoTime() - monotonicOrigin);
    }

    void start(@Observes StartupEvent event) {
        evaluator = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "failure-detector");
            thread.setDaemon(true);
            return thread;
        });
        long every = evaluationInterval.toNanos();
        evaluator.scheduleAtFixedRate(this::evaluate, every, every, TimeUnit.NANOSECONDS);
        if (witnessSlots != null) {
            witnessReader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "witness-reader");
                thread.setDaemon(true);
                return thread;
            });
            witnessReader.scheduleWithFixedDelay(this::readWitness, 0, witnessPoll.toNanos(), TimeUnit.NANOSECONDS);
            LOG.infof("the storage witness is read every %d ms from %s: a node alive there and holding volumes is "
                    + "isolated, not failed", witnessPoll.toMillis(), witnessSlots.describe());
        } else {
            LOG.info("no storage witness (monitor.witness.root unset): nodes are judged on their heartbeats alone");
        }
    }

    /** Reads every witness slot (outside the lock: file I/O), then notes what it read. */
    void readWitness() {
        try {
            witnessSlots.readAll().ifPresent(reading -> {
                Duration at = monotonicNow();
                synchronized (lock) {
                    witness.read(reading.present(), reading.slots(), at);
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "reading the storage witness failed; trying again in %d ms", witnessPoll.toMillis());
        }
    }

    /**
     * Stops judging as soon as shutdown begins: the heartbeat consumer closes first, and a monitor that kept
     * evaluating would find every node silent.
     */
    void stopJudging(@Observes @Priority(1) ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (evaluator != null) {
            evaluator.shutdownNow();
        }
        if (witnessReader != null) {
            witnessReader.shutdownNow();
        }
    }

    /** The heartbeat partition of a node id, as Kafka's default partitioner places its records. */
    public int partitionOf(String nodeId) {
        return Utils.toPositive(Utils.murmur2(nodeId.getBytes(StandardCharsets.UTF_8))) % heartbeatPartitions;
    }

    public String source() {
        return source;
    }

    /**
     * A heartbeat was consumed. {@code live} is false for records that were already in the log when this instance
     * took the partition over: they say a node exists, not that it is alive now.
     */
    public void onHeartbeat(NodeHeartbeat heartbeat, boolean live) {
        Instant now = clock.instant();
        Duration monotonic = monotonicNow();
        synchronized (lock) {
            if (live && historyLoaded) {
                ownLag.delivered(heartbeat.nodeId(), heartbeat.sentAt(), monotonic);
                carryOut(detector.heartbeat(heartbeat, now), List.of(), now);
            } else {
                detector.discover(heartbeat, now);
            }
        }
    }

    /** A record of node-health, published by any monitor instance, this one included. */
    public void onJudgement(Envelope<?> envelope) {
        if (source.equals(envelope.source()) || !(envelope.payload() instanceof NodeHealthEvent judgement)) {
            return;
        }
        synchronized (lock) {
            if (detector.restore(judgement, clock.instant())) {
                LOG.debugf("node %s: took over %s from %s", judgement.key(), envelope.type(), envelope.source());
            }
        }
    }

    /** node-health has been read up to its end as of start-up: judging may begin, after the grace period. */
    public void historyLoaded(int judgements) {
        synchronized (lock) {
            historyLoaded = true;
            detector.assign(Set.copyOf(heldPartitions), clock.instant());
            LOG.infof("rebuilt the last judgement of %d nodes from %d records of node-health; judging heartbeat "
                    + "partitions %s after the grace period", detector.nodes().size(), judgements, heldPartitions);
        }
    }

    public boolean isHistoryLoaded() {
        return historyLoaded;
    }

    /** The consumer group gave this instance these heartbeat partitions. */
    public void partitionsAssigned(Set<Integer> partitions, int partitionCount) {
        synchronized (lock) {
            if (partitionCount > 0) {
                heartbeatPartitions = partitionCount;
            }
            heldPartitions.addAll(partitions);
            if (historyLoaded) {
                detector.assign(partitions, clock.instant());
            }
        }
        LOG.infof("judging heartbeat partitions %s after the grace period", partitions);
    }

    /** The consumer group took these heartbeat partitions away. */
    public void partitionsRevoked(Set<Integer> partitions) {
        synchronized (lock) {
            heldPartitions.removeAll(partitions);
            detector.revoke(partitions);
        }
        LOG.infof("no longer judging heartbeat partitions %s", partitions);
    }

    /** Runs every {@code monitor.evaluation-interval} on its own thread, once the history is loaded. */
    void evaluate() {
        if (!historyLoaded) {
            return;
        }
        try {
            Instant now = clock.instant();
            Duration monotonic = monotonicNow();
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                Duration stall = ownLag.tick(monotonic);
                if (stall.compareTo(STALL_WORTH_A_WARNING) >= 0) {
                    LOG.warnf("this monitor stood still for %d ms (an evaluation came late): not counted as the "
                            + "nodes' silence (at most %d ms of it)", stall.toMillis(), maxLagExtension.toMillis());
                } else if (!stall.isZero()) {
                    LOG.debugf("this monitor stood still for %d ms: not counted as the nodes' silence",
                            stall.toMillis());
                }
                WitnessView view = witness == null ? WitnessView.NONE : witness.view(monotonic);
                Evaluation evaluation = detector.evaluate(now, ownLag.reading(), view);
                carryOut(evaluation.transitions(), evaluation.alerts(), now);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "evaluation failed; trying again in %d ms", evaluationInterval.toMillis());
        }
    }

    /** Logs each decision once and queues its event; called under the lock so that the queue keeps their order. */
    private void carryOut(List<Transition> transitions, List<MonitorAlert> alerts, Instant now) {
        for (MonitorAlert alert : alerts) {
            if (alert.active()) {
                LOG.warnf("%s raised: %s", alert.kind(), alert.message());
            } else {
                LOG.infof("%s cleared: %s", alert.kind(), alert.message());
            }
            publisher.publish(alert, source, now);
        }
        for (Transition t : transitions) {
            LOG.infof("node %s: %s -> %s: %s", t.nodeId(), t.from(), t.to(), t.why());
            publisher.publish(t.event(), source, now);
        }
    }

    /** The guard's state, for the health check. */
    public GuardStatus guard() {
        synchronized (lock) {
            return detector.guard();
        }
    }

    /** What the detector knows of every node, for the health check and tests. */
    public List<NodeView> nodes() {
        synchronized (lock) {
            return detector.nodes();
        }
    }

    public Set<Integer> heldPartitions() {
        synchronized (lock) {
            return Set.copyOf(heldPartitions);
        }
    }
}
