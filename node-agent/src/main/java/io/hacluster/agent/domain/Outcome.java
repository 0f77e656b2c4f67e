package io.hacluster.agent.domain;

import java.time.Instant;
import java.util.Map;

import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.EventTypes;

/**
 * How a command ended: carried out (with evidence), or not (with the reason and whether it may succeed later).
 *
 * @param succeeded whether it was carried out
 * @param evidence facts the executor records
 * @param reason why it failed; null on success
 * @param retryable whether the same command may succeed later
 */
public record Outcome(boolean succeeded, Map<String, String> evidence, String reason, boolean retryable) {

    public Outcome {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    public static Outcome success(Map<String, String> evidence) {
        return new Outcome(true, evidence, null, false);
    }

    public static Outcome failure(String reason, boolean retryable) {
        return new Outcome(false, Map.of(), reason, retryable);
    }

    /** The answer to publish for {@code command}, carried out (or refused) by {@code nodeId} at {@code at}. */
    public CommandResult toResult(AgentCommand command, Instant at) {
        String type = EventTypes.nameOf(command);
        if (succeeded) {
            return new CommandResult.CommandSucceeded(command.commandId(), command.nodeId(), type,
                    command.failoverId(), command.groupId(), at, evidence);
        }
        return new CommandResult.CommandFailed(command.commandId(), command.nodeId(), type, command.failoverId(),
                command.groupId(), at, reason, retryable);
    }
}
