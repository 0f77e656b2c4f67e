package io.hacluster.inventory.persistence;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.WitnessView;
import io.hacluster.events.WitnessWatch;
import io.hacluster.events.witness.SharedDirectoryWitnessSlots;
import io.hacluster.events.witness.WitnessSlots;
import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.NodeFreshness;
import io.hacluster.inventory.domain.NodeSignal;
import io.quarkus.scheduler.Scheduled;

/**
 * Marks the nodes the inventory no longer hears: every {@code inventory.nodes.check-interval}, each node none of whose
 * statuses arrived for {@code inventory.nodes.unheard-after} becomes UNKNOWN, or, where the inventory reads the
 * storage witness ({@code inventory.witness.root}) and the node's slot is fresh, shows what the slot says (FROZEN
 * during a control-plane outage). A status that arrives again ends it ({@link NodeWriter#applyStatus}). The rule is
 * {@link NodeFreshness}; this is its shell.
 */
@ApplicationScoped
public class NodeFreshnessCheck {

    private static final Logger LOG = Logger.getLogger(NodeFreshnessCheck.class);

    @Inject
    Writes writes;
    @Inject
    NodeRepository nodes;
    @Inject
    NodeWriter writer;
    @Inject
    GroupRepository groups;
    @Inject
    GroupWriter groupWriter;
    @Inject
    InventoryConfig config;
    @Inject
    Clock clock;

    private WitnessSlots slots;
    private WitnessWatch watch;

    @PostConstruct
    void init() {
        Optional<String> root = config.witness().root().filter(r -> !r.isBlank());
        if (root.isPresent()) {
            slots = new SharedDirectoryWitnessSlots(Path.of(root.get()));
            watch = new WitnessWatch(config.witness().timeout());
            LOG.infof("nodes not heard for %s show what their witness slot in %s says", config.nodes().unheardAfter(),
                    slots.describe());
        }
    }

    @Scheduled(every = "${inventory.nodes.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        check(clock.instant(), Duration.ofNanos(System.nanoTime()));
    }

    /**
     * Judges every node that may be silent as of {@code now}, with the witness read at {@code monotonic} (the
     * inventory's monotonic clock); returns how many nodes changed.
     */
    public synchronized int check(Instant now, Duration monotonic) {
        WitnessView witness = readWitness(monotonic);
        Duration after = config.nodes().unheardAfter();
        return writes.inTransaction("node freshness", () -> {
            int changed = 0;
            Set<String> affected = new HashSet<>();
            List<NodeEntity> candidates = nodes.silentOrUnheard(now.minus(after));
            for (NodeEntity n : candidates) {
                Instant lastHeard = n.statusReceivedAt != null ? n.statusReceivedAt : n.firstSeenAt;
                Optional<NodeSignal> signal = NodeFreshness.judge(n.condition(), lastHeard, now, after,
                        freshSlot(witness, n.nodeId));
                if (signal.isPresent()) {
                    writer.signal(n, signal.get(), now);
                    groups.onNode(n.nodeId).forEach(g -> affected.add(g.groupId));
                    changed++;
                }
            }
            groupWriter.refresh(affected, now);
            return changed;
        });
    }

    /** What the node's slot says, when the inventory reads the witness and the slot is fresh. */
    private static Optional<NodeSignal.Witness> freshSlot(WitnessView witness, String nodeId) {
        return witness.of(nodeId).filter(s -> s.fresh() && s.slot() != null)
                .map(s -> new NodeSignal.Witness(s.slot().mode(), s.unchangedFor(), s.slot().heldVolumes()));
    }

    private WitnessView readWitness(Duration monotonic) {
        if (slots == null) {
            return WitnessView.NONE;
        }
        slots.readAll().ifPresent(r -> watch.read(r.present(), r.slots(), monotonic));
        return watch.view(monotonic);
    }
}
