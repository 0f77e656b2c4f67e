package io.hacluster.inventory.persistence;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.inventory.config.InventoryConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the tables from growing without bound: node statuses (every node sends one every few seconds) leave the
 * history after {@code inventory.history.status-retention}; published outbox entries after
 * {@code inventory.outbox.retention}. Every other event stays in the history for good.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    @Inject
    Writes writes;
    @Inject
    HistoryRepository history;
    @Inject
    OutboxRepository outbox;
    @Inject
    InventoryConfig config;
    @Inject
    Clock clock;

    @Scheduled(every = "${inventory.history.prune-interval}", delayed = "${inventory.history.prune-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        prune(clock.instant());
    }

    /** Prunes as of {@code now}; returns how many rows went. */
    public long prune(Instant now) {
        return writes.inTransaction("housekeeping", () -> {
            long statuses = history.pruneStatuses(now.minus(config.history().statusRetention()));
            long published = outbox.prunePublished(now.minus(config.outbox().retention()));
            if (statuses + published > 0) {
                LOG.infof("pruned %d node statuses from the history and %d published outbox entries", statuses,
                        published);
            }
            return statuses + published;
        });
    }
}
