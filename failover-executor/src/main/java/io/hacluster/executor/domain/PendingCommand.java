package io.hacluster.executor.domain;

import java.time.Instant;

/**
 * A command sent and not yet answered. The command itself is rebuilt from the group's state when it has to be sent
 * again, under the same id, so that the agent answers a repeat with its first outcome.
 *
 * @param commandId the command's id
 * @param nodeId the node it went to
 * @param sentAt when it was last sent
 * @param attempt how many times it has been sent
 */
public record PendingCommand(String commandId, String nodeId, Instant sentAt, int attempt) {
}
