package io.hacluster.monitor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the health monitor, prefix {@code monitor}. */
@ConfigMapping(prefix = "monitor")
public interface MonitorConfig {

    /** How often every node's silence is judged. */
    @WithDefault("100ms")
    Duration evaluationInterval();
}
