package io.hacluster.agent.messaging;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.hacluster.agent.node.Outbox;
import io.hacluster.events.CommandResult;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Outbound;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/** Publishes a node's heartbeats, status and command results, keyed by node id, each completing on the broker's ack. */
@ApplicationScoped
public class KafkaOutbox implements Outbox {

    /** The source of the agent's envelopes: {@code node-agent/<node id>}. */
    public static final String SOURCE_PREFIX = "node-agent/";

    @Inject
    @Channel(Topics.NODE_HEARTBEATS_OUT)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, Envelope<?>>> heartbeats;

    @Inject
    @Channel(Topics.NODE_STATUS_OUT)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, Envelope<?>>> statuses;

    @Inject
    @Channel(Topics.COMMAND_RESULTS_OUT)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, Envelope<?>>> results;

    @Override
    public CompletionStage<Void> heartbeat(NodeHeartbeat heartbeat) {
        return send(heartbeats, heartbeat, heartbeat.nodeId(), heartbeat.sentAt());
    }

    @Override
    public CompletionStage<Void> status(NodeStatus status) {
        return send(statuses, status, status.nodeId(), status.reportedAt());
    }

    @Override
    public CompletionStage<Void> result(CommandResult result) {
        return send(results, result, result.nodeId(), Instant.now());
    }

    private static CompletionStage<Void> send(MutinyEmitter<Record<String, Envelope<?>>> emitter,
            EventPayload payload, String nodeId, Instant at) {
        return Outbound.send(emitter, Envelope.wrap(payload, SOURCE_PREFIX + nodeId, at))
                .subscribeAsCompletionStage();
    }
}
