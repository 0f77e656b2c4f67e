package io.hacluster.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels on every topic: the common envelope around one payload.
 *
 * @param eventId unique id of this event; consumers use it to ignore a replay
 * @param type the payload type name, see {@link EventTypes}
 * @param schemaVersion version of the payload's schema; schemas evolve additively
 * @param occurredAt when the source produced the event (the source's clock)
 * @param source the service instance that produced it, e.g. {@code health-monitor/7f3a}
 * @param payload the event itself
 */
public record Envelope<P extends EventPayload>(String eventId, String type, int schemaVersion, Instant occurredAt,
        String source, P payload) {

    public Envelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be at least 1, was " + schemaVersion);
        }
    }

    /** Wraps a payload in a new envelope with a fresh event id and the current schema version of its type. */
    public static <P extends EventPayload> Envelope<P> wrap(P payload, String source, Instant occurredAt) {
        return new Envelope<>(UUID.randomUUID().toString(), EventTypes.nameOf(payload), EventTypes.versionOf(payload),
                occurredAt, source, payload);
    }

    /** The record key of the payload. */
    public String key() {
        return payload.key();
    }

    /** The topic of the payload. */
    public String topic() {
        return payload.topic();
    }
}
