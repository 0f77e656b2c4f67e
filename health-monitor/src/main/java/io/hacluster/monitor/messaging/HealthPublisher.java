package io.hacluster.monitor.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Outbound;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes the monitor's judgements on node-health, one at a time and in the order they were decided, each waiting
 * for the broker's acknowledgement. A send that fails is retried with the same envelope (same event id) until it is
 * acknowledged, so that each transition is announced once.
 */
@ApplicationScoped
public class HealthPublisher {

    private static final Logger LOG = Logger.getLogger(HealthPublisher.class);
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);

    private final BlockingQueue<Envelope<?>> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final MutinyEmitter<Record<String, Envelope<?>>> emitter;
    private volatile boolean running = true;
    private Thread sender;

    @Inject
    public HealthPublisher(@Channel(Topics.NODE_HEALTH_OUT) MutinyEmitter<Record<String, Envelope<?>>> emitter) {
        this.emitter = emitter;
    }

    void start(@Observes StartupEvent event) {
        sender = new Thread(this::sendInOrder, "node-health-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
    }

    /** Queues one judgement; returns at once. */
    public void publish(NodeHealthEvent event, String source, Instant at) {
        unacknowledged.incrementAndGet();
        queue.add(Envelope.wrap(event, source, at));
    }

    /** Judgements decided but not yet acknowledged by the broker. */
    public int unacknowledged() {
        return unacknowledged.get();
    }

    private void sendInOrder() {
        try {
            while (running) {
                Envelope<?> envelope = queue.take();
                sendUntilAcknowledged(envelope);
                unacknowledged.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendUntilAcknowledged(Envelope<?> envelope) throws InterruptedException {
        for (int attempt = 1; running; attempt++) {
            try {
                Outbound.sendAndAwait(emitter, envelope);
                LOG.debugf("published %s %s for %s", envelope.type(), envelope.eventId(), envelope.key());
                return;
            } catch (RuntimeException e) {
                LOG.warnf("publishing %s for %s failed (attempt %d), retrying: %s", envelope.type(), envelope.key(),
                        attempt, e.getMessage());
                Thread.sleep(RETRY_DELAY.toMillis());
            }
        }
    }
}
