package io.hacluster.placement.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of placement's input topics from the beginning, outside any consumer group, so that each
 * instance rebuilds the whole model on its own and knows exactly when it has caught up with a given moment.
 */
final class LogReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private List<TopicPartition> partitions = List.of();

    LogReader(Map<String, Object> config, List<String> topics) {
        this.consumer = new KafkaConsumer<>(config);
        this.topics = List.copyOf(topics);
    }

    /** Assigns every partition of the topics and rewinds them; false while a topic does not exist yet. */
    boolean open(Duration timeout) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            infos.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        }
        partitions = List.copyOf(all);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    ConsumerRecords<String, byte[]> poll(Duration timeout) {
        return consumer.poll(timeout);
    }

    /** The end of every partition now: the moment to catch up with. */
    Map<TopicPartition, Long> ends() {
        return consumer.endOffsets(partitions);
    }

    /** Whether every partition has been read up to {@code ends}. */
    boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
