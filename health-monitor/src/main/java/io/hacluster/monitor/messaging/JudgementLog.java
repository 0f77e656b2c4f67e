package io.hacluster.monitor.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.events.serde.MalformedEventException;

/**
 * Reads node-health, the log of every judgement any monitor instance published: from the beginning up to its end
 * ({@link #replay}), which rebuilds the last judgement of every node at start-up, then as it grows ({@link #follow}).
 * Uses its own consumer without a group, so that every instance reads the whole log. An unreadable record is skipped
 * with a warning (node-health's consumers park it in the dead-letter topic).
 */
public final class JudgementLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JudgementLog.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;

    /** @param kafka the client settings (bootstrap servers, security); group and deserializers are set here */
    public JudgementLog(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "health-monitor-judgement-log");
        this.consumer = new KafkaConsumer<>(props);
        this.partitions = consumer.partitionsFor(Topics.NODE_HEALTH).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
    }

    /** Reads from the beginning up to the end the log has now; returns how many judgements were read. */
    public int replay(Consumer<Envelope<?>> apply) {
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        int read = 0;
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            read += poll(apply, Duration.ofMillis(200));
        }
        return read;
    }

    /** Reads what was appended since; returns how many judgements were read. */
    public int follow(Consumer<Envelope<?>> apply, Duration timeout) {
        return poll(apply, timeout);
    }

    /** Makes a blocked {@link #follow} return; safe from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    private int poll(Consumer<Envelope<?>> apply, Duration timeout) {
        int read = 0;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            try {
                apply.accept(EventCodec.decode(record.value(), record.topic(), record.key()));
                read++;
            } catch (MalformedEventException e) {
                LOG.warnf("skipping unreadable record %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return read;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
