package io.hacluster.executor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the failover executor, prefix {@code executor}. */
@ConfigMapping(prefix = "executor")
public interface ExecutorConfig {

    /**
     * Added to a failed node's self-fence deadline (its last heartbeat plus its isolation timeout) before the node is
     * taken as fenced by waiting: covers clock-rate differences and the agent's reaction time.
     */
    @WithDefault("1s")
    Duration selfFenceMargin();
}
