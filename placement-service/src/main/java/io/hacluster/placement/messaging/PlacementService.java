package io.hacluster.placement.messaging;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.hacluster.placement.config.PlacementConfig;
import io.hacluster.placement.domain.CandidateListing;
import io.hacluster.placement.domain.Reconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/** Wires the placement instance of this process from the configuration and runs it from start-up to shutdown. */
@ApplicationScoped
public class PlacementService {

    private static final Duration MIN_SESSION = Duration.ofSeconds(6);
    private static final Duration MAX_SESSION = Duration.ofMinutes(30);

    @Inject
    PlacementConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    PlanPublisher publisher;

    private PlacementInstance instance;

    void onStart(@Observes StartupEvent event) {
        validate(config);
        String id = config.instanceId().orElseGet(PlacementService::defaultInstanceId);
        PlacementConfig.Candidates c = config.candidates();
        instance = new PlacementInstance(new PlacementInstance.Settings(id, config.reservationTimeout(),
                new CandidateListing(c.listAllUpTo(), c.runnersUp(), c.examplesPerRejection()), config.lease().group(),
                config.lease().sessionTimeout(), config.failbackCheckInterval(), config.reconcile().interval(),
                new Reconciler.Settings(config.reconcile().backoffInitial(), config.reconcile().backoffMax()),
                config.noQuorumPolicy()), kafka,
                publisher, Clock.systemUTC());
        instance.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (instance != null) {
            instance.stop();
        }
    }

    /** This process's instance. */
    public PlacementInstance instance() {
        return instance;
    }

    static void validate(PlacementConfig config) {
        if (config.reservationTimeout().isNegative() || config.reservationTimeout().isZero()) {
            throw new IllegalArgumentException("placement.reservation-timeout must be positive, was "
                    + config.reservationTimeout());
        }
        Duration session = config.lease().sessionTimeout();
        if (session.compareTo(MIN_SESSION) < 0 || session.compareTo(MAX_SESSION) > 0) {
            throw new IllegalArgumentException("placement.lease.session-timeout must be between " + MIN_SESSION
                    + " and " + MAX_SESSION + " (the broker's default group session bounds), was " + session);
        }
        if (config.failbackCheckInterval().isNegative() || config.failbackCheckInterval().isZero()) {
            throw new IllegalArgumentException("placement.failback-check-interval must be positive, was "
                    + config.failbackCheckInterval());
        }
        positive("placement.reconcile.interval", config.reconcile().interval());
        positive("placement.reconcile.backoff-initial", config.reconcile().backoffInitial());
        if (config.reconcile().backoffMax().compareTo(config.reconcile().backoffInitial()) < 0) {
            throw new IllegalArgumentException("placement.reconcile.backoff-max must be at least "
                    + "placement.reconcile.backoff-initial (" + config.reconcile().backoffInitial() + "), was "
                    + config.reconcile().backoffMax());
        }
        if (config.instanceId().isPresent() && config.instanceId().get().isBlank()) {
            throw new IllegalArgumentException("placement.instance-id must not be blank");
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    private static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "placement";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 4);
    }
}
