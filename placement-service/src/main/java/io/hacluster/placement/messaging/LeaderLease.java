package io.hacluster.placement.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The leader lease: every instance is a member of one consumer group subscribed to a single-partition topic; the
 * member the group coordinator assigns that partition to holds the lease. The member never reads the partition (it
 * pauses it) and never commits; it polls only to stay in the group. When the holder leaves (shutdown) the partition
 * moves at the next rebalance; when it goes silent it moves after the session timeout. A sticky assignor keeps the
 * lease where it is when a standby joins.
 */
final class LeaderLease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderLease.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final String instanceId;
    private final AtomicBoolean held = new AtomicBoolean();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    LeaderLease(Map<String, Object> config, String topic, String instanceId) {
        this.consumer = new KafkaConsumer<>(config);
        this.topic = topic;
        this.instanceId = instanceId;
        this.thread = new Thread(this::run, "placement-lease-" + instanceId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Whether this instance holds the lease now. */
    boolean held() {
        return held.get();
    }

    /** Increases every time this instance acquires the lease. */
    long generation() {
        return generation.get();
    }

    private void run() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    consumer.pause(partitions);
                    generation.incrementAndGet();
                    held.set(true);
                    LOG.infof("placement instance %s acquired the leader lease", instanceId);
                }
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                lose(partitions, "revoked");
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                lose(partitions, "lost");
            }
        });
        try {
            while (running.get()) {
                try {
                    consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    // closing
                } catch (KafkaException e) {
                    LOG.warnf("leader lease of %s: %s", instanceId, e.getMessage());
                    pause(Duration.ofSeconds(1));
                }
            }
        } finally {
            held.set(false);
            consumer.close(Duration.ofSeconds(5)); // leaves the group: the standby takes over at once
        }
    }

    private void lose(Collection<TopicPartition> partitions, String how) {
        if (!partitions.isEmpty() && held.getAndSet(false)) {
            LOG.infof("placement instance %s gave up the leader lease (%s)", instanceId, how);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        held.set(false);
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
