package io.hacluster.inventory.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hacluster.events.Envelope;
import io.hacluster.events.UnknownEvent;
import io.hacluster.inventory.persistence.HistoryRepository;
import io.hacluster.inventory.persistence.Writes;
import io.hacluster.messaging.Inbound;

/**
 * How every consumer applies an event: in one transaction, the event is appended to the history and, unless it was
 * already there (a replay), applied to the tables; the history entry keeps a summary of what changed. Either both
 * happen or neither does, so a replayed topic changes nothing. An exception that is not transient sends the record to
 * the dead-letter topic.
 */
@ApplicationScoped
public class EventApplier {

    @Inject
    Writes writes;
    @Inject
    HistoryRepository history;
    @Inject
    Clock clock;

    /** Applies the envelope with {@code change} (given the envelope and the receive time, returns a summary). */
    public void apply(Envelope<?> received, BiFunction<Envelope<?>, Instant, String> change) {
        Envelope<?> envelope = Inbound.readable(received);
        writes.inTransaction(envelope.type() + " " + envelope.eventId(), () -> {
            Instant now = clock.instant();
            if (!history.append(envelope, now)) {
                return;
            }
            String summary = envelope.payload() instanceof UnknownEvent
                    ? "unknown event type, skipped"
                    : change.apply(envelope, now);
            history.describe(envelope.eventId(), summary);
        });
    }
}
