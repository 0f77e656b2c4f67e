package io.hacluster.placement.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.hacluster.events.Topics;

/**
 * Parks a record that cannot be read in its topic's dead-letter topic, byte for byte, with the headers SmallRye's
 * dead-letter strategy writes ({@code dead-letter-reason}, {@code -topic}, {@code -partition}, {@code -offset}).
 */
final class DeadLetters implements AutoCloseable {

    static final String REASON = "dead-letter-reason";
    static final String TOPIC = "dead-letter-topic";
    static final String PARTITION = "dead-letter-partition";
    static final String OFFSET = "dead-letter-offset";

    private final KafkaProducer<String, byte[]> producer;

    DeadLetters(Map<String, Object> config) {
        this.producer = new KafkaProducer<>(config);
    }

    /** Where a parked record came from, as {@code topic/partition/offset}, or null for a record without the headers. */
    static String origin(Headers headers) {
        String topic = text(headers.lastHeader(TOPIC));
        String partition = text(headers.lastHeader(PARTITION));
        String offset = text(headers.lastHeader(OFFSET));
        return topic == null || partition == null || offset == null ? null : topic + "/" + partition + "/" + offset;
    }

    static String origin(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    /** Parks the record and waits for the broker's ack. */
    void park(ConsumerRecord<String, byte[]> record, String reason) throws InterruptedException, ExecutionException,
            TimeoutException {
        ProducerRecord<String, byte[]> parked = new ProducerRecord<>(Topics.dlq(record.topic()), record.key(),
                record.value());
        for (Header h : record.headers()) {
            parked.headers().add(h);
        }
        parked.headers().add(REASON, bytes(reason));
        parked.headers().add(TOPIC, bytes(record.topic()));
        parked.headers().add(PARTITION, bytes(Integer.toString(record.partition())));
        parked.headers().add(OFFSET, bytes(Long.toString(record.offset())));
        producer.send(parked).get(30, TimeUnit.SECONDS);
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
