package io.hacluster.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Resources;
import io.hacluster.infra.testing.TestKafka;

/**
 * A node agent's heartbeats as the monitor sees them: one every interval, each delayed by up to {@code maxDelay}
 * (delivered in order, as one producer's records are) and lost with probability {@code lossRate}.
 */
final class SimulatedAgent implements AutoCloseable {

    final String nodeId;
    private final TestKafka kafka;
    private final Duration interval;
    private final long isolationTimeoutMs;
    private final Duration maxDelay;
    private final double lossRate;
    private final Random random;
    private final String incarnation = UUID.randomUUID().toString();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private long seq;
    private long startNanos;
    private long lastSentNanos;
    private volatile boolean running;
    private volatile boolean cutOff;
    private volatile Instant lastDeliveredAt;

    SimulatedAgent(TestKafka kafka, String nodeId, Duration interval, long isolationTimeoutMs, Duration maxDelay,
            double lossRate, long seed) {
        this.kafka = kafka;
        this.nodeId = nodeId;
        this.interval = interval;
        this.isolationTimeoutMs = isolationTimeoutMs;
        this.maxDelay = maxDelay;
        this.lossRate = lossRate;
        this.random = new Random(seed);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "agent-" + nodeId));
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A steady agent: no delay, no loss. */
    static SimulatedAgent steady(TestKafka kafka, String nodeId, Duration interval, long isolationTimeoutMs) {
        return new SimulatedAgent(kafka, nodeId, interval, isolationTimeoutMs, Duration.ZERO, 0, 1);
    }

    SimulatedAgent start() {
        running = true;
        startNanos = System.nanoTime();
        lastSentNanos = startNanos;
        scheduler.execute(() -> beat(0));
        return this;
    }

    /** Stops beating; returns once no heartbeat is on its way any more. */
    void stop() {
        running = false;
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cut off from Kafka: goes on beating, but nothing arrives. */
    void cutOff() {
        cutOff = true;
    }

    /** Reconnected: its heartbeats arrive again, same incarnation. */
    void reconnect() {
        cutOff = false;
    }

    String incarnation() {
        return incarnation;
    }

    int delivered() {
        return delivered.get();
    }

    int lost() {
        return lost.get();
    }

    Instant lastDeliveredAt() {
        return lastDeliveredAt;
    }

    private void beat(long k) {
        if (!running) {
            return;
        }
        seq++;
        if (cutOff || random.nextDouble() < lossRate) {
            lost.incrementAndGet();
        } else {
            kafka.send(new NodeHeartbeat(nodeId, incarnation, seq, Instant.now(), interval.toMillis(),
                    isolationTimeoutMs, new Resources(4000, 8192), Resources.NONE));
            delivered.incrementAndGet();
            lastDeliveredAt = Instant.now();
        }
        lastSentNanos = System.nanoTime();
        long delay = maxDelay.isZero() ? 0 : (long) (random.nextDouble() * maxDelay.toNanos());
        long due = Math.max(startNanos + (k + 1) * interval.toNanos() + delay, lastSentNanos);
        if (running) {
            scheduler.schedule(() -> beat(k + 1), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
