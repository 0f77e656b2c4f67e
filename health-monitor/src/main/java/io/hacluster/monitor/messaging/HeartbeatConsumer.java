package io.hacluster.monitor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Inbound;
import io.smallrye.common.annotation.Identifier;

/**
 * Receives the heartbeats of the nodes on the partitions this instance holds. Their arrival here, not their
 * {@code sentAt}, is what the detector judges by.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private final Judge judge;
    private final HeartbeatAssignments assignments;

    @Inject
    public HeartbeatConsumer(Judge judge,
            @Identifier(HeartbeatAssignments.GROUP) HeartbeatAssignments assignments) {
        this.judge = judge;
        this.assignments = assignments;
    }

    @Incoming(Topics.NODE_HEARTBEATS)
    public void onHeartbeat(ConsumerRecord<String, Envelope<?>> record) {
        if (Inbound.readable(record.value()).payload() instanceof NodeHeartbeat heartbeat) {
            judge.onHeartbeat(heartbeat, assignments.isLive(record.partition(), record.offset()));
        }
    }
}
