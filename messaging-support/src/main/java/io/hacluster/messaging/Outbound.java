package io.hacluster.messaging;

import java.time.Duration;

import io.hacluster.events.Envelope;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishing events: keyed by their aggregate id, and never fire-and-forget: the returned {@link Uni} completes when
 * the broker has acknowledged the record, and fails if it did not.
 */
public final class Outbound {

    /** How long a caller that blocks waits for the broker's ack. */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private Outbound() {
    }

    /** Sends one envelope with its payload's key; completes on the broker's ack. */
    public static Uni<Void> send(MutinyEmitter<Record<String, Envelope<?>>> emitter, Envelope<?> envelope) {
        return emitter.send(Record.of(envelope.key(), envelope));
    }

    /** Sends one envelope and blocks until the broker acknowledged it. Not for the event loop. */
    public static void sendAndAwait(MutinyEmitter<Record<String, Envelope<?>>> emitter, Envelope<?> envelope) {
        send(emitter, envelope).await().atMost(ACK_TIMEOUT);
    }
}
