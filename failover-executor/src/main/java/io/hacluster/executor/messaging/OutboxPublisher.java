package io.hacluster.executor.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.executor.persistence.FailoverStore;
import io.hacluster.executor.persistence.OutboxEntry;
import io.hacluster.messaging.Outbound;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Sends what the coordinator decided, from the outbox, in the order it was decided; a row is deleted only once the
 * broker has acknowledged it. Woken after every commit, and every second in case a wake-up was missed or a send
 * failed.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int BATCH = 200;

    @Inject
    FailoverStore store;

    @Channel(Topics.AGENT_COMMANDS_OUT)
    MutinyEmitter<Record<String, Envelope<?>>> commands;

    @Channel(Topics.FAILOVER_EVENTS_OUT)
    MutinyEmitter<Record<String, Envelope<?>>> failoverEvents;

    @Channel(Topics.CLUSTER_ADMIN_OUT)
    MutinyEmitter<Record<String, Envelope<?>>> admin;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-publisher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    /** Asks for a drain soon, without waiting for it. */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            worker.submit(() -> {
                queued.set(false);
                drain();
            });
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        wake();
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void drain() {
        try {
            while (true) {
                List<OutboxEntry> batch = QuarkusTransaction.requiringNew().call(() -> store.outbox(BATCH));
                if (batch.isEmpty()) {
                    return;
                }
                List<Uni<Void>> sends = batch.stream().map(this::send).toList();
                Uni.join().all(sends).andFailFast().await().atMost(Outbound.ACK_TIMEOUT);
                List<Long> ids = batch.stream().map(e -> e.id).toList();
                QuarkusTransaction.requiringNew().run(() -> store.sent(ids));
                if (batch.size() < BATCH) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox: sending failed, will retry: %s", e.getMessage());
        }
    }

    private Uni<Void> send(OutboxEntry entry) {
        Envelope<?> envelope = EventCodec.decode(entry.envelope.getBytes(StandardCharsets.UTF_8), entry.topic,
                entry.recordKey);
        return Outbound.send(emitterFor(entry.topic), envelope);
    }

    private MutinyEmitter<Record<String, Envelope<?>>> emitterFor(String topic) {
        return switch (topic) {
            case Topics.AGENT_COMMANDS -> commands;
            case Topics.FAILOVER_EVENTS -> failoverEvents;
            case Topics.CLUSTER_ADMIN -> admin;
            default -> throw new IllegalStateException("the executor does not publish to " + topic);
        };
    }
}
