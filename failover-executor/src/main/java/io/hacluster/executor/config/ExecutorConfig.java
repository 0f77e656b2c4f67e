package io.hacluster.executor.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the failover executor, prefix {@code executor}. */
@ConfigMapping(prefix = "executor")
public interface ExecutorConfig {

    /** How long a command may go unanswered before it is sent again under the same id. */
    @WithDefault("3s")
    Duration commandTimeout();

    /** How many times a command is sent before its node is given up. */
    @WithDefault("3")
    @Min(1)
    @Max(20)
    int commandAttempts();

    /** How long the target's status may take to show a group's containers running once they are started. */
    @WithDefault("15s")
    Duration verifyTimeout();

    /** How long a container may take to stop gracefully, in an orderly move, before it is killed. */
    @WithDefault("5s")
    Duration stopGrace();

    /** How many groups of one failover move at the same time, highest priority first. */
    @WithDefault("16")
    @Min(1)
    int maxParallelGroups();

    /** How many other targets a group may be given, after its target failed or refused, before it stays offline. */
    @WithDefault("2")
    @Min(0)
    int maxReplans();

    /** How long placement may take to answer a re-plan request before the group is reported unplaceable. */
    @WithDefault("60s")
    Duration replanTimeout();

    /**
     * How long a starting executor waits for the lease that lets one executor run at a time (a PostgreSQL advisory
     * lock, released when its holder's connection closes) before it gives up and fails to start.
     */
    @WithDefault("60s")
    Duration leaseWait();

    /** How often timeouts and deadlines are checked. */
    @WithDefault("200ms")
    Duration tickInterval();

    /**
     * Added to a failed node's self-fence deadline (its last heartbeat plus its isolation timeout) before the node is
     * taken as fenced by waiting: covers clock-rate differences and the agent's reaction time.
     */
    @WithDefault("1s")
    Duration selfFenceMargin();

    Fencing fencing();

    /** How a failed node is fenced. */
    interface Fencing {

        /** Methods tried in this order until one succeeds: storage-preemption, power, self-fence-deadline. */
        @WithDefault("storage-preemption,power,self-fence-deadline")
        @NotEmpty
        List<String> methods();

        Power power();
    }

    /** The power fencing command (an IPMI-style fence agent). */
    interface Power {

        /**
         * The command and its arguments, separated by spaces; {@code {node}} is replaced by the node id. Success is
         * exit code 0. Without it, the power method is skipped.
         */
        Optional<String> command();

        /** How long the command may run before it counts as failed. */
        @WithDefault("20s")
        Duration timeout();
    }
}
