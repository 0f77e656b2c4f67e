package io.hacluster.executor.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.hacluster.executor.execution.FailoverCoordinator;
import io.hacluster.executor.persistence.ExecutorLease;
import io.hacluster.executor.persistence.FailoverStore;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Ready when this executor holds the lease and its decisions reach Kafka: DOWN, with the reason, when commands and
 * events wait in the outbox for longer than {@link #STUCK} (the broker is unreachable, or a record cannot be sent),
 * since every failover in flight is then stalled.
 */
@Readiness
@ApplicationScoped
public class ExecutorReadiness implements HealthCheck {

    static final Duration STUCK = Duration.ofSeconds(30);

    @Inject
    ExecutorLease lease;

    @Inject
    FailoverStore store;

    @Inject
    FailoverCoordinator coordinator;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("failover-executor")
                .withData("failoversInFlight", coordinator.inFlightIds().size());
        if (!lease.isHeld()) {
            return response.down().withData("reason", "this executor does not hold the executor lease").build();
        }
        Optional<Instant> oldest = QuarkusTransaction.requiringNew().call(store::oldestUnsent);
        long waiting = QuarkusTransaction.requiringNew().call(store::unsentCount);
        response.withData("outboxWaiting", waiting);
        if (oldest.isPresent() && Duration.between(oldest.get(), Instant.now()).compareTo(STUCK) > 0) {
            return response.down().withData("reason", waiting + " command(s) and event(s) not acknowledged by Kafka "
                    + "since " + oldest.get() + ": failovers in flight are stalled").build();
        }
        return response.up().build();
    }
}
