package io.hacluster.executor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.CommandResult;
import io.hacluster.events.CommandResult.CommandFailed;
import io.hacluster.events.CommandResult.CommandSucceeded;
import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.executor.execution.FailoverCoordinator;
import io.hacluster.messaging.Inbound;
import io.smallrye.common.annotation.Blocking;

/** The agents' answers to commands; an answer to a command no longer awaited changes nothing. */
@ApplicationScoped
public class ResultConsumer {

    @Inject
    FailoverCoordinator coordinator;

    @Incoming(Topics.COMMAND_RESULTS)
    @Blocking
    public void onResult(Envelope<?> envelope) {
        if (Inbound.readable(envelope).payload() instanceof CommandResult result) {
            String failoverId = result instanceof CommandSucceeded ok
                    ? ok.failoverId()
                    : ((CommandFailed) result).failoverId();
            Inbound.applyUntilDone(envelope, () -> coordinator.onResult(result, failoverId));
        }
    }
}
