package io.hacluster.executor.domain;

import java.time.Instant;

import io.hacluster.events.CommandResult;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.FailoverPlanned;

/** What a running failover reacts to; every input carries the time it is handled at. */
public sealed interface Input {

    Instant now();

    /** A node agent answered a command. */
    record ResultReceived(CommandResult result, Instant now) implements Input {
    }

    /** A node reported its status; {@code receivedAt} is when the executor received it. */
    record StatusReceived(NodeStatus status, Instant receivedAt, Instant now) implements Input {
    }

    /** Time passed: timeouts, retries, deadlines. */
    record Tick(Instant now) implements Input {
    }

    /** Placement answered a re-plan request of this failover. */
    record ReplanReceived(FailoverPlanned plan, Instant now) implements Input {
    }

    /** An operator asked for a node to be drained: no group is to be mounted there any more. */
    record NodeDraining(String nodeId, Instant now) implements Input {
    }

    /** The power fencing command ended. */
    record PowerFenceDone(boolean succeeded, String detail, Instant startedAt, Instant now) implements Input {
    }
}
