package io.hacluster.placement.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the placement service, prefix {@code placement}. */
@ConfigMapping(prefix = "placement")
public interface PlacementConfig {

    /** How long capacity planned for a group stays reserved if the executor never reports on it. */
    @WithDefault("5m")
    Duration reservationTimeout();
}
