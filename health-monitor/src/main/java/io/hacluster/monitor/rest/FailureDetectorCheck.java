package io.hacluster.monitor.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.hacluster.monitor.domain.GuardStatus;
import io.hacluster.monitor.messaging.HealthPublisher;
import io.hacluster.monitor.messaging.Judge;

/**
 * Readiness check {@value #NAME}: DOWN while the monitor rebuilds its state from node-health, while the mass-silence
 * guard suspends failure declarations, and while it sees no quorum (policy freeze), with the reason.
 */
@Readiness
@ApplicationScoped
public class FailureDetectorCheck implements HealthCheck {

    public static final String NAME = "failure-detector";

    private final Judge judge;
    private final HealthPublisher publisher;

    @Inject
    public FailureDetectorCheck(Judge judge, HealthPublisher publisher) {
        this.judge = judge;
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        GuardStatus guard = judge.guard();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("heldPartitions", judge.heldPartitions().toString())
                .withData("judgedNodes", guard.judgedNodes())
                .withData("silentNodes", guard.silentNodes())
                .withData("heldDeclarations", guard.heldDeclarations())
                .withData("quorum", guard.quorum().toString())
                .withData("unacknowledgedEvents", publisher.unacknowledged());
        if (!judge.isHistoryLoaded()) {
            return response.down().withData("reason", "rebuilding the last judgements from node-health").build();
        }
        if (guard.active()) {
            return response.down().withData("reason", guard.message())
                    .withData("since", String.valueOf(guard.since())).build();
        }
        if (guard.quorum().holdsDeclarations()) {
            return response.down().withData("reason", "no quorum: " + guard.quorum()
                    + "; nobody is declared failed until more than half are seen again")
                    .withData("since", String.valueOf(guard.quorum().since())).build();
        }
        return response.up().build();
    }
}
