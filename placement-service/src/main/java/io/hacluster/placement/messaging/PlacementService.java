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
                config.lease().sessionTimeout(), config.failbackCheckInterval()), kafka, publisher,
                Clock.systemUTC());
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
        if (config.instanceId().isPresent() && config.instanceId().get().isBlank()) {
            throw new IllegalArgumentException("placement.instance-id must not be blank");
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
