package io.hacluster.messaging;

import io.hacluster.events.Envelope;
import io.hacluster.events.serde.MalformedEventException;

/**
 * Reading events. Channels run with {@code fail-on-deserialization-failure=false} and the dead-letter-queue failure
 * strategy: an unreadable record reaches the consumer without payload, {@link #readable} rejects it, and the connector
 * parks the original bytes in {@code <topic>-dlq} with the reason in its headers. The consumer goes on.
 */
public final class Inbound {

    private Inbound() {
    }

    /** The envelope, or an exception that sends the record to the dead-letter topic. */
    public static Envelope<?> readable(Envelope<?> envelope) {
        if (envelope == null) {
            throw new MalformedEventException(
                    "unreadable record parked in the dead-letter topic; see its deserialization-failure-* headers");
        }
        return envelope;
    }
}
