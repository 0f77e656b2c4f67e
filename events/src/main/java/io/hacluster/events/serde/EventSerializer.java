package io.hacluster.events.serde;

import org.apache.kafka.common.serialization.Serializer;

import io.hacluster.events.Envelope;

/** Kafka serializer of envelopes, for every topic. A null value stays null (a tombstone). */
public class EventSerializer implements Serializer<Envelope<?>> {

    @Override
    public byte[] serialize(String topic, Envelope<?> envelope) {
        return envelope == null ? null : EventCodec.encode(envelope);
    }
}
