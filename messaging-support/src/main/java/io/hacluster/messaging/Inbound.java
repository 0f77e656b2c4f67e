package io.hacluster.messaging;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.serde.MalformedEventException;

/**
 * Reading events. Channels run with {@code fail-on-deserialization-failure=false} and the dead-letter-queue failure
 * strategy: an unreadable record reaches the consumer without payload, {@link #readable} rejects it, and the connector
 * parks the original bytes in {@code <topic>-dlq} with the reason in its headers. The consumer goes on.
 * <p>
 * A readable event that the service fails to apply because of itself (its database restarting, say) is not
 * malformed and must not be parked: {@link #applyUntilDone} retries it until it is applied.
 */
public final class Inbound {

    private static final Logger LOG = Logger.getLogger(Inbound.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

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

    /**
     * Applies a readable event, retrying with a growing pause (up to 5 s) for as long as applying it fails; the
     * consumer's partition waits meanwhile, so nothing behind it overtakes it. Every failure is logged with its cause.
     * Returns early only if the thread is interrupted (the service is stopping): the record is then not acknowledged
     * and is read again at the next start.
     */
    public static void applyUntilDone(Envelope<?> envelope, Runnable apply) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1;; attempt++) {
            try {
                apply.run();
                if (attempt > 1) {
                    LOG.infof("%s %s applied after %d attempts", envelope.type(), envelope.eventId(), attempt);
                }
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%s %s could not be applied (attempt %d), retrying in %d ms: %s", envelope.type(),
                        envelope.eventId(), attempt, backoff.toMillis(), e.getMessage());
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopping while " + envelope.type() + " " + envelope.eventId()
                        + " was not applied", e);
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }
}
