package io.hacluster.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.hacluster.events.Topics;

/**
 * Parks a record that cannot be read in its topic's dead-letter topic ({@code <topic>-dlq}), byte for byte, once, with
 * where it came from and why in its headers: {@code dead-letter-reason} (at most {@link #MAX_REASON} characters),
 * {@code dead-letter-topic}, {@code -partition}, {@code -offset}. The record's own headers are kept, except the copies
 * of its bytes that the connector adds when it fails to deserialize it, so that a parked record is never larger than
 * the original plus a few hundred bytes, and a record the broker accepted can always be parked.
 * <p>
 * Shared by every service: the {@link ParkOrSkip} failure strategy of the SmallRye channels, and placement's own reader.
 */
public final class DeadLetters implements AutoCloseable {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** The longest reason a parked record carries. */
    public static final int MAX_REASON = 1000;
    /**
     * The largest record the parking producer sends: above the broker's default record limit (1 MiB) with room for
     * the headers; the dead-letter topics accept it ({@code max.message.bytes}, see {@code Topics}).
     */
    public static final int MAX_RECORD_BYTES = Topics.DLQ_MAX_MESSAGE_BYTES;

    /** Headers with copies of the record's bytes, added by the connector when deserialization fails. */
    private static final Set<String> COPIES = Set.of("deserialization-failure-data", "deserialization-failure-key-data",
            "deserialization-failure-value-data");

    private final KafkaProducer<String, byte[]> producer;

    /** @param kafka the client settings of the service (bootstrap servers, security); producer settings are kept */
    public DeadLetters(Map<String, Object> kafka, String clientId) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(config);
    }

    /** Where a parked record came from, as {@code topic/partition/offset}, or null for a record without the headers. */
    public static String origin(Headers headers) {
        String topic = text(headers.lastHeader(TOPIC));
        String partition = text(headers.lastHeader(PARTITION));
        String offset = text(headers.lastHeader(OFFSET));
        return topic == null || partition == null || offset == null ? null : topic + "/" + partition + "/" + offset;
    }

    /** Where a record is, as {@code topic/partition/offset}. */
    public static String origin(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    /** A reason cut to {@link #MAX_REASON} characters. */
    public static String bounded(String reason) {
        if (reason == null) {
            return "";
        }
        if (reason.length() <= MAX_REASON) {
            return reason;
        }
        return reason.substring(0, MAX_REASON - 40) + "… (" + (reason.length() - MAX_REASON + 40) + " more characters)";
    }

    /**
     * Parks a record; the future completes when the broker acknowledged it, or fails (the record is then too large
     * even for the dead-letter topic, the topic is missing, or the broker is away for longer than 30 s).
     */
    public CompletableFuture<Void> park(String topic, int partition, long offset, String key, byte[] value,
            Headers original, String reason) {
        ProducerRecord<String, byte[]> parked = new ProducerRecord<>(Topics.dlq(topic), key, value);
        if (original != null) {
            for (Header h : original) {
                if (!COPIES.contains(h.key()) && !h.key().startsWith("dead-letter-")) {
                    parked.headers().add(h);
                }
            }
        }
        parked.headers().add(REASON, bytes(bounded(reason)));
        parked.headers().add(TOPIC, bytes(topic));
        parked.headers().add(PARTITION, bytes(Integer.toString(partition)));
        parked.headers().add(OFFSET, bytes(Long.toString(offset)));
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(parked, (metadata, failure) -> {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Header h) {
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
