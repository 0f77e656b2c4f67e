package io.hacluster.executor.domain;

import io.hacluster.events.AgentCommand;
import io.hacluster.events.EventPayload;

/** Something the shell carries out for the machine. */
public sealed interface Effect {

    /** Send a command to a node agent. */
    record SendCommand(AgentCommand command) implements Effect {
    }

    /** Publish an event: failover lifecycle, or a re-plan request to placement. */
    record Publish(EventPayload payload) implements Effect {
    }

    /** Run the power fencing command against a node; its outcome comes back as {@link Input.PowerFenceDone}. */
    record RunPowerFence(String failoverId, String nodeId) implements Effect {
    }
}
