package io.hacluster.agent.node;

import java.util.concurrent.CompletionStage;

import io.hacluster.events.CommandResult;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.NodeStatus;

/** Where a node's agent publishes; every stage completes when the broker acknowledged the record, and fails if not. */
public interface Outbox {

    CompletionStage<Void> heartbeat(NodeHeartbeat heartbeat);

    CompletionStage<Void> status(NodeStatus status);

    CompletionStage<Void> result(CommandResult result);
}
