package io.hacluster.agent.node;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.hacluster.events.CommandResult;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.NodeStatus;

/** An outbox that keeps what it is given and acknowledges it at once, unless the test cuts it off. */
final class RecordingOutbox implements Outbox {

    final List<NodeHeartbeat> heartbeats = new CopyOnWriteArrayList<>();
    final List<NodeStatus> statuses = new CopyOnWriteArrayList<>();
    final List<CommandResult> results = new CopyOnWriteArrayList<>();
    volatile boolean reachable = true;

    private CompletionStage<Void> ack() {
        return reachable ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
    }

    @Override
    public CompletionStage<Void> heartbeat(NodeHeartbeat heartbeat) {
        heartbeats.add(heartbeat);
        return ack();
    }

    @Override
    public CompletionStage<Void> status(NodeStatus status) {
        statuses.add(status);
        return ack();
    }

    @Override
    public CompletionStage<Void> result(CommandResult result) {
        results.add(result);
        return ack();
    }

    NodeStatus lastStatus() {
        return statuses.get(statuses.size() - 1);
    }
}
