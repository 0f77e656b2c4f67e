package io.hacluster.events.serde;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import io.hacluster.events.Envelope;

/**
 * Kafka deserializer of envelopes, for every topic. Throws {@link MalformedEventException} for a record that cannot
 * be read; with the connector's {@code fail-on-deserialization-failure=false}, the record reaches the consumer with
 * no payload and the failure in its headers, and the consumer parks it in the dead-letter topic.
 */
public class EventDeserializer implements Deserializer<Envelope<?>> {

    @Override
    public Envelope<?> deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.decode(data, topic, null);
    }

    @Override
    public Envelope<?> deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }
}
