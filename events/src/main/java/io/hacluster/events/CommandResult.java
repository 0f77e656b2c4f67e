package io.hacluster.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A node agent's answer to a command, on {@link Topics#COMMAND_RESULTS}, keyed by node id. */
public sealed interface CommandResult extends EventPayload {

    String commandId();

    String nodeId();

    @Override
    default String key() {
        return nodeId();
    }

    @Override
    default String topic() {
        return Topics.COMMAND_RESULTS;
    }

    /**
     * The command was carried out (or had already been).
     *
     * @param commandType the command's type name
     * @param completedAt agent clock
     * @param evidence facts the executor records, e.g. the epoch before and after a fence
     */
    record CommandSucceeded(String commandId, String nodeId, String commandType, String failoverId, String groupId,
            Instant completedAt, Map<String, String> evidence) implements CommandResult {

        public CommandSucceeded {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(nodeId, "nodeId");
            evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        }
    }

    /**
     * The command could not be carried out.
     *
     * @param reason why
     * @param retryable whether the same command may succeed later (a timeout) or never will (a stale epoch)
     */
    record CommandFailed(String commandId, String nodeId, String commandType, String failoverId, String groupId,
            Instant failedAt, String reason, boolean retryable) implements CommandResult {

        public CommandFailed {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }
}
