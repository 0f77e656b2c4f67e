package io.hacluster.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.hacluster.events.Envelope;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.events.serde.MalformedEventException;

/** Follows topics from their current end: everything published after it was opened, in arrival order. */
final class EventTail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    EventTail(String bootstrapServers, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, not at the first poll
    }

    /** The events that arrived within {@code wait}. */
    List<Envelope<?>> poll(Duration wait) {
        List<Envelope<?>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            if (r.value() == null) {
                continue;
            }
            try {
                events.add(EventCodec.decode(r.value(), r.topic(), r.key()));
            } catch (MalformedEventException e) {
                // not ours to judge here; the services park such records
            }
        }
        return events;
    }

    /** Polls until an event matches, handing every event to {@code each}; fails after the timeout. */
    Envelope<?> until(Predicate<Envelope<?>> done, java.util.function.Consumer<Envelope<?>> each, Duration timeout,
            String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Envelope<?> e : poll(Duration.ofMillis(200))) {
                each.accept(e);
                if (done.test(e)) {
                    return e;
                }
            }
        }
        throw new IllegalStateException("no " + what + " within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        consumer.close();
    }
}
