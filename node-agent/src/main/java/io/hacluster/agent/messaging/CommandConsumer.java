package io.hacluster.agent.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.hacluster.agent.config.AgentConfig;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Inbound;

/** Receives the commands addressed to this node. */
@ApplicationScoped
public class CommandConsumer {

    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    @Inject
    AgentConfig config;

    @Incoming(Topics.AGENT_COMMANDS)
    public void onCommand(Envelope<?> envelope) {
        if (Inbound.readable(envelope).payload() instanceof AgentCommand command
                && command.nodeId().equals(config.nodeId())) {
            LOG.infof("command %s %s received", envelope.type(), command.commandId());
        }
    }
}
