package io.hacluster.infra.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.Topics;
import io.hacluster.events.serde.EventCodec;

/** A test's own Kafka client: sends events and raw records, reads topics, watches consumer groups. */
public final class TestKafka implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    public TestKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Against the test JVM's broker. */
    public static TestKafka connect() {
        return new TestKafka(KafkaTestResource.bootstrapServers());
    }

    /** Sends one event, keyed and on its topic, and waits for the broker's ack. */
    public RecordMetadata send(EventPayload payload) {
        return send(Envelope.wrap(payload, "test/" + UUID.randomUUID().toString().substring(0, 8),
                java.time.Instant.now()));
    }

    public RecordMetadata send(Envelope<?> envelope) {
        return sendRaw(envelope.topic(), envelope.key(), EventCodec.encode(envelope));
    }

    /** Sends arbitrary bytes, e.g. a malformed record. */
    public RecordMetadata sendRaw(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("send to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a record that is not an event to {@code topic} and waits until a consumer has parked it, byte for byte, in
     * the topic's dead-letter topic. Returns the parked record; its {@code dead-letter-reason} header says why.
     */
    public ConsumerRecord<String, byte[]> sendUnreadableAndAwaitParked(String topic, String key) {
        String garbage = "{\"not\":\"an event " + UUID.randomUUID() + "\"}";
        sendRaw(topic, key, garbage.getBytes(StandardCharsets.UTF_8));
        return awaitRecords(Topics.dlq(topic),
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).equals(garbage), 1,
                Duration.ofSeconds(30)).get(0);
    }

    /**
     * Sends these bytes to {@code topic} and waits until a consumer has parked them, byte for byte, in the topic's
     * dead-letter topic. Returns the parked record.
     */
    public ConsumerRecord<String, byte[]> sendRawAndAwaitParked(String topic, String key, byte[] value) {
        sendRaw(topic, key, value);
        return awaitRecords(Topics.dlq(topic), r -> java.util.Arrays.equals(r.value(), value), 1,
                Duration.ofSeconds(60)).get(0);
    }

    /** Records no consumer can read, as a hostile or broken producer writes them; each one unique. */
    public static final class Garbage {

        private Garbage() {
        }

        /** Random bytes just under the broker's default record limit (1 MiB). */
        public static byte[] oversized() {
            byte[] bytes = new byte[900 * 1024];
            new java.util.Random().nextBytes(bytes);
            return bytes;
        }

        /** A few random bytes that are not text. */
        public static byte[] binary() {
            byte[] bytes = new byte[64];
            new java.util.Random().nextBytes(bytes);
            bytes[0] = (byte) 0xFF;
            return bytes;
        }

        /** The first part of a well-formed event, cut off. */
        public static byte[] truncated() {
            String json = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"NodeStatus\",\"schemaVersion\":1,"
                    + "\"occurredAt\":\"2026-11-27T10:00:00Z\",\"source\":\"test\",\"payload\":{\"nodeId\":\"n";
            return json.getBytes(StandardCharsets.UTF_8);
        }

        /** Every kind, by name. */
        public static Map<String, byte[]> all() {
            return Map.of("oversized", oversized(), "binary", binary(), "truncated", truncated());
        }
    }

    /** The text of a record's header, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Waits until the consumer group has committed past the given record, i.e. consumed it. */
    public void awaitConsumed(String groupId, RecordMetadata record, Duration timeout) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> committed(groupId, tp) > record.offset());
    }

    /** The group's committed offset on a partition, or -1. */
    public long committed(String groupId, TopicPartition tp) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata offset = offsets.get(tp);
        return offset == null ? -1 : offset.offset();
    }

    /** Reads a topic from the beginning until {@code matching} records satisfy the filter, or fails on timeout. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(String topic,
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> filter,
            int matching, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < matching) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + matching + " matching records on " + topic + " within "
                            + timeout + ", found " + found.size());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Every event on a topic now, from the beginning to the current end of each partition (unreadable records are left
     * out): unlike {@link #awaitEvents}, it sees all of them, so a test can assert that something happened exactly
     * once.
     */
    public List<Envelope<?>> readAll(String topic) {
        return readAllEvents(topic, Duration.ofSeconds(30));
    }

    /**
     * Reads events of a topic from the beginning until {@code matching} of them satisfy the filter; records that are
     * not readable events (another test's garbage) are skipped.
     */
    public List<Envelope<?>> awaitEvents(String topic, java.util.function.Predicate<Envelope<?>> filter, int matching,
            Duration timeout) {
        return awaitRecords(topic, r -> {
            Envelope<?> e = decodeOrNull(r);
            return e != null && filter.test(e);
        }, matching, timeout).stream().<Envelope<?>>map(TestKafka::decodeOrNull).toList();
    }

    private static Envelope<?> decodeOrNull(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            return EventCodec.decode(r.value(), r.topic(), r.key());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * Every event of a topic, from the beginning up to the end the topic has at the time of the call; records that are
     * not readable events are left out.
     */
    public List<Envelope<?>> readAllEvents(String topic, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Envelope<?>> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        events.add(EventCodec.decode(r.value(), topic, r.key()));
                    } catch (RuntimeException unreadable) {
                        // not an event: left out
                    }
                }
            }
        }
        return events;
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
