package io.hacluster.monitor.messaging;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.hacluster.events.Topics;
import io.hacluster.monitor.config.MonitorConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Tracks which heartbeat partitions the consumer group gave this instance (the listener is named after the group,
 * {@value #GROUP}). On taking a partition over it skips heartbeats older than {@code monitor.takeover-lookback} and
 * notes where the log ended: records before that point are history, records after it are live arrivals.
 */
@ApplicationScoped
@Identifier(HeartbeatAssignments.GROUP)
public class HeartbeatAssignments implements KafkaConsumerRebalanceListener {

    /** The consumer group of the heartbeat channel. */
    public static final String GROUP = "health-monitor";

    private static final Logger LOG = Logger.getLogger(HeartbeatAssignments.class);

    /** Per held partition: the first offset that was not yet in the log when this instance took it over. */
    private final Map<Integer, Long> liveFrom = new ConcurrentHashMap<>();
    private final Judge judge;
    private final MonitorConfig config;

    @Inject
    public HeartbeatAssignments(Judge judge, MonitorConfig config) {
        this.judge = judge;
        this.config = config;
    }

    /** Whether a consumed record arrived after this instance took its partition over. */
    public boolean isLive(int partition, long offset) {
        Long from = liveFrom.get(partition);
        return from != null && offset >= from;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<TopicPartition> heartbeats = partitions.stream().filter(p -> p.topic().equals(Topics.NODE_HEARTBEATS))
                .collect(Collectors.toSet());
        if (heartbeats.isEmpty()) {
            return;
        }
        skipOldHistory(consumer, heartbeats);
        Map<TopicPartition, Long> ends = consumer.endOffsets(heartbeats);
        ends.forEach((tp, end) -> liveFrom.put(tp.partition(), end));
        int partitionCount = consumer.partitionsFor(Topics.NODE_HEARTBEATS).size();
        judge.partitionsAssigned(numbers(heartbeats), partitionCount);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        release(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        release(partitions);
    }

    private void release(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = numbers(partitions);
        if (!numbers.isEmpty()) {
            numbers.forEach(liveFrom::remove);
            judge.partitionsRevoked(numbers);
        }
    }

    /** Moves the position forward to the first heartbeat within the lookback, where the committed one is older. */
    private void skipOldHistory(Consumer<?, ?> consumer, Set<TopicPartition> partitions) {
        long since = Instant.now().minus(config.takeoverLookback()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp first = found.get(tp);
            long target = first == null ? ends.get(tp) : first.offset();
            long position = consumer.position(tp);
            if (target > position) {
                LOG.debugf("%s: skipping heartbeats %d..%d, older than the take-over lookback", tp, position,
                        target - 1);
                consumer.seek(tp, target);
            }
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(p -> p.topic().equals(Topics.NODE_HEARTBEATS))
                .map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
