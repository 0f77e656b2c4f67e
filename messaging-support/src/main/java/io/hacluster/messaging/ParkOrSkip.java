package io.hacluster.messaging;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.serde.EventCodec;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;

/**
 * The failure strategy of every incoming channel ({@code failure-strategy=park-or-skip}): a record the consumer
 * rejects is parked in {@code <topic>-dlq} through {@link DeadLetters} — its original bytes once, with a bounded
 * reason — and the consumer goes on with the next record. A record that cannot be parked either is logged at ERROR
 * with its topic, partition, offset and size, and skipped: nothing a producer writes to a topic can stop a consumer,
 * nor stop it again after a restart.
 */
@ApplicationScoped
@Identifier(ParkOrSkip.NAME)
public class ParkOrSkip implements KafkaFailureHandler.Factory {

    public static final String NAME = "park-or-skip";

    private static final Logger LOG = Logger.getLogger(ParkOrSkip.class);
    private static final String DATA = "deserialization-failure-data";
    private static final String VALUE_DATA = "deserialization-failure-value-data";
    private static final String REASON = "deserialization-failure-reason";

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        Map<String, Object> kafka = new HashMap<>();
        for (String name : ProducerConfig.configNames()) {
            config.config().getOptionalValue(name, String.class).ifPresent(v -> kafka.put(name, v));
        }
        kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getBootstrapServers());
        return new Handler(config.getChannel(), new DeadLetters(kafka, "dlq-" + config.getChannel()));
    }

    static final class Handler implements KafkaFailureHandler {

        private final String channel;
        private final DeadLetters deadLetters;

        Handler(String channel, DeadLetters deadLetters) {
            this.channel = channel;
            this.deadLetters = deadLetters;
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            byte[] value = originalBytes(record);
            String key = record.getKey() == null ? null : record.getKey().toString();
            String why = whyUnreadable(record, reason);
            String where = DeadLetters.origin(record.getTopic(), record.getPartition(), record.getOffset());
            return Uni.createFrom().completionStage(() -> deadLetters.park(record.getTopic(), record.getPartition(),
                    record.getOffset(), key, value, record.getHeaders(), why))
                    .onItem().invoke(() -> LOG.warnf("[%s] parked %s (%d bytes) in its dead-letter topic: %s", channel,
                            where, value == null ? 0 : value.length, DeadLetters.bounded(why)))
                    .onFailure().recoverWithItem(e -> {
                        LOG.errorf("[%s] could not park %s (%d bytes) in its dead-letter topic (%s); skipped it: %s",
                                channel, where, value == null ? 0 : value.length, e.toString(),
                                DeadLetters.bounded(why));
                        return null;
                    })
                    .emitOn(record::runOnMessageContext)
                    .chain(() -> Uni.createFrom().completionStage(record.ack()));
        }

        /** The deserializer's own reason when the record could not be read, else what the consumer threw. */
        private static String whyUnreadable(IncomingKafkaRecord<?, ?> record, Throwable reason) {
            Header h = record.getHeaders().lastHeader(REASON);
            if (h != null && h.value() != null) {
                return new String(h.value(), StandardCharsets.UTF_8);
            }
            if (reason == null) {
                return "rejected";
            }
            return reason.getMessage() != null ? reason.getMessage() : reason.toString();
        }

        /** The bytes as they were on the topic: from the connector's copy when they could not be read. */
        private static byte[] originalBytes(IncomingKafkaRecord<?, ?> record) {
            for (String name : new String[]{DATA, VALUE_DATA}) {
                Header h = record.getHeaders().lastHeader(name);
                if (h != null) {
                    return h.value();
                }
            }
            Object payload = record.getPayload();
            if (payload instanceof Envelope<?> envelope) {
                return EventCodec.encode(envelope);
            }
            return payload == null ? null : payload.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void terminate() {
            deadLetters.close();
        }
    }
}
