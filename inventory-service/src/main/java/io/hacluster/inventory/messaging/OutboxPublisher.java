package io.hacluster.inventory.messaging;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.persistence.OutboxEntry;
import io.hacluster.inventory.persistence.OutboxRepository;
import io.hacluster.messaging.Outbound;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes the outbox to cluster-admin: every registry change and operator request, in the order they were
 * committed, each waiting for the broker's acknowledgement before it counts as published. A REST request publishes
 * right after its transaction commits; the scheduled round picks up whatever a crash or a broker outage left behind.
 * Delivery is at least once: a crash between the ack and the mark republishes an event with the same event id, which
 * every consumer ignores.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int BATCH = 100;

    @Inject
    @Channel(Topics.CLUSTER_ADMIN_OUT)
    MutinyEmitter<Record<String, Envelope<?>>> emitter;
    @Inject
    OutboxRepository outbox;
    @Inject
    InventoryConfig config;
    @Inject
    Clock clock;

    private final ReentrantLock lock = new ReentrantLock();

    @Scheduled(every = "${inventory.outbox.interval}", delayed = "${inventory.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        publishPending();
    }

    /** Publishes what is pending, oldest first; stops at the first failure, which the next round retries. */
    public int publishPending() {
        lock.lock();
        try {
            int published = 0;
            while (true) {
                List<OutboxEntry> batch = QuarkusTransaction.requiringNew().call(() -> outbox.pending(BATCH));
                if (batch.isEmpty()) {
                    return published;
                }
                for (OutboxEntry entry : batch) {
                    try {
                        Envelope<?> envelope = EventCodec.decode(entry.envelope);
                        Outbound.send(emitter, envelope).await().atMost(config.outbox().ackTimeout());
                    } catch (RuntimeException e) {
                        LOG.warnf("publishing %s %s to %s failed, will retry: %s", entry.type, entry.eventId,
                                entry.topic, e.getMessage());
                        QuarkusTransaction.requiringNew().run(() -> outbox.failed(entry.id, e.getMessage()));
                        return published;
                    }
                    QuarkusTransaction.requiringNew().run(() -> outbox.published(entry.id, clock.instant()));
                    published++;
                    LOG.debugf("published %s %s for %s", entry.type, entry.eventId, entry.recordKey);
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
