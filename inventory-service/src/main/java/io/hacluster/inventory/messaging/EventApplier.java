package io.hacluster.inventory.messaging;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.UnknownEvent;
import io.hacluster.inventory.persistence.HistoryRepository;
import io.hacluster.inventory.persistence.Writes;
import io.hacluster.messaging.Inbound;

/**
 * How every consumer applies an event: in one transaction, the event is appended to the history and, unless it was
 * already there (a replay), applied to the tables; the history entry keeps a summary of what changed. Either both
 * happen or neither does, so a replayed topic changes nothing. An event of a type the inventory does not know, or of
 * a type that does not belong on the topic, is recorded and skipped. An exception that is not transient sends the
 * record to the dead-letter topic.
 */
@ApplicationScoped
public class EventApplier {

    private static final Logger LOG = Logger.getLogger(EventApplier.class);

    @Inject
    Writes writes;
    @Inject
    HistoryRepository history;
    @Inject
    Clock clock;

    /** What one consumer does with one payload of its topic; returns a summary of what changed. */
    @FunctionalInterface
    public interface Change<P> {

        String apply(Envelope<?> envelope, P payload, Instant now);
    }

    /**
     * Applies the envelope with {@code change} when its payload is a {@code type}, the payloads of {@code topic};
     * records and skips anything else.
     */
    public <P extends EventPayload> void apply(Envelope<?> received, String topic, Class<P> type, Change<P> change) {
        Envelope<?> envelope = Inbound.readable(received);
        writes.inTransaction(envelope.type() + " " + envelope.eventId(), () -> {
            Instant now = clock.instant();
            if (!history.append(envelope, now)) {
                return;
            }
            String summary;
            if (envelope.payload() instanceof UnknownEvent) {
                summary = "unknown event type, skipped";
            } else if (type.isInstance(envelope.payload())) {
                summary = change.apply(envelope, type.cast(envelope.payload()), now);
            } else {
                LOG.warnf("%s %s on %s is not a %s event; skipped", envelope.type(), envelope.eventId(), topic,
                        topic);
                summary = envelope.type() + " is not a " + topic + " event, skipped";
            }
            history.describe(envelope.eventId(), summary);
        });
    }

    /** The summary of an event of a known type that this inventory does not apply. */
    public static String notApplied(Envelope<?> envelope) {
        return envelope.type() + " is not applied by the inventory, skipped";
    }
}
