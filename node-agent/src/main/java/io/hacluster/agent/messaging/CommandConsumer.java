package io.hacluster.agent.messaging;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.hacluster.agent.node.AgentHost;
import io.hacluster.agent.node.Outbox;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Inbound;
import io.hacluster.messaging.Outbound;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Receives the commands addressed to this process's node(s), in order, carries them out and answers each on
 * {@code command-results}, waiting for the broker's ack of the answer.
 */
@ApplicationScoped
public class CommandConsumer {

    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    @Inject
    AgentHost host;

    @Inject
    Outbox outbox;

    @Incoming(Topics.AGENT_COMMANDS)
    @Blocking
    public void onCommand(Envelope<?> envelope) {
        if (Inbound.readable(envelope).payload() instanceof AgentCommand command) {
            host.node(command.nodeId()).ifPresent(node -> {
                CommandResult result = node.execute(command);
                try {
                    outbox.result(result).toCompletableFuture().get(Outbound.ACK_TIMEOUT.toMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    LOG.warnf("node %s: answer to command %s not acknowledged (a repeat of the command gets it "
                            + "again): %s", command.nodeId(), command.commandId(), e.getMessage());
                }
            });
        }
    }
}
