package io.hacluster.executor.domain;

import java.time.Duration;
import java.util.List;

/**
 * What the failover machine needs to know of its configuration.
 *
 * @param commandTimeout how long a command may go unanswered before it is sent again
 * @param commandAttempts how many times a command is sent before its node is given up
 * @param verifyTimeout how long the target's status may take to show every container running
 * @param stopGrace how long a container may take to stop gracefully before it is killed
 * @param maxParallelGroups how many groups of one failover move at the same time, highest priority first
 * @param maxReplans how many other targets a group may be given before it is reported unplaceable
 * @param replanTimeout how long placement may take to answer a re-plan request before the group is reported
 *        unplaceable
 * @param fencingMethods fencing methods in the order they are tried
 * @param powerFencingConfigured whether a power fencing command is configured
 * @param selfFenceMargin added to a node's self-fence deadline before it counts as fenced by waiting
 */
public record ExecutorSettings(Duration commandTimeout, int commandAttempts, Duration verifyTimeout, Duration stopGrace,
        int maxParallelGroups, int maxReplans, Duration replanTimeout, List<FencingMethod> fencingMethods,
        boolean powerFencingConfigured,
        Duration selfFenceMargin) {

    public ExecutorSettings {
        fencingMethods = List.copyOf(fencingMethods);
        if (fencingMethods.isEmpty()) {
            throw new IllegalArgumentException("at least one fencing method is needed");
        }
        if (commandAttempts < 1 || maxParallelGroups < 1 || maxReplans < 0) {
            throw new IllegalArgumentException("attempts and parallel groups must be positive, re-plans not negative");
        }
    }
}
