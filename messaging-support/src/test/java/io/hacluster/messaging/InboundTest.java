package io.hacluster.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.serde.MalformedEventException;

class InboundTest {

    static final Envelope<?> EVENT = Envelope.wrap(new NodeHealthEvent.NodeRejoined("node-1", "a", "b", Instant.EPOCH),
            "test/1", Instant.EPOCH);

    @Test
    void shouldRetryAFailingApplyUntilItSucceedsInsteadOfParkingTheRecord() {
        AtomicInteger calls = new AtomicInteger();

        Inbound.applyUntilDone(EVENT, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("database restarting");
            }
        });

        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldSendARecordWithoutPayloadToTheDeadLetterTopic() {
        assertThatThrownBy(() -> Inbound.readable(null)).isInstanceOf(MalformedEventException.class);
        assertThat(Inbound.readable(EVENT)).isSameAs(EVENT);
    }
}
