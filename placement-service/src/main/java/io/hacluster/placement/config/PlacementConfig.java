package io.hacluster.placement.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import io.hacluster.placement.domain.NoQuorumPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the placement service, prefix {@code placement}. */
@ConfigMapping(prefix = "placement")
public interface PlacementConfig {

    /**
     * How long capacity planned for a group stays reserved if the executor never reports on it. Must exceed the
     * longest failover (fencing waits out the failed node's self-fence deadline).
     */
    @WithDefault("5m")
    Duration reservationTimeout();

    /** This instance's name in the envelopes it publishes ({@code placement-service/<id>}); default: host name. */
    Optional<String> instanceId();

    /** The leader lease. */
    Lease lease();

    /** Which candidates a published plan lists. */
    Candidates candidates();

    /** How often the leader looks for groups due to fail back to their preferred owner. */
    @WithDefault("1s")
    Duration failbackCheckInterval();

    /**
     * What happens to node failures while no more than half the nodes placement knows are alive: {@code freeze} (hold
     * them until quorum returns) or {@code ignore} (act anyway; for two-node clusters).
     */
    @WithDefault("freeze")
    NoQuorumPolicy noQuorumPolicy();

    /** The reconciler, which compares every group with what it should be and plans the repairs. */
    Reconcile reconcile();

    /** The reconciler's pace. */
    interface Reconcile {

        /** How often every group is compared with what it should be, besides after every change. */
        @WithDefault("1s")
        Duration interval();

        /** The wait after the first repair of a group that did not bring it online; doubled after each further one. */
        @WithDefault("5s")
        Duration backoffInitial();

        /** The longest wait between two repairs of a group that do not work. */
        @WithDefault("5m")
        Duration backoffMax();
    }

    /** The leader lease: the one partition of {@code placement-decisions} assigned in a consumer group. */
    interface Lease {

        /** The consumer group whose single partition assignment is the lease; every instance joins it. */
        @WithDefault("placement-service")
        String group();

        /**
         * How long the group waits for a silent leader before the standby takes over; within the broker's bounds
         * ({@code group.min.session.timeout.ms} to {@code group.max.session.timeout.ms}, 6 s to 30 min by default).
         */
        @WithDefault("10s")
        Duration sessionTimeout();
    }

    /** Which candidates a published plan lists for each group (the engine evaluates every node). */
    interface Candidates {

        /** List every candidate when the cluster has at most this many nodes. */
        @WithDefault("32")
        @Min(0)
        int listAllUpTo();

        /** In a larger cluster: how many eligible nodes to list besides the chosen one. */
        @WithDefault("3")
        @Min(0)
        int runnersUp();

        /** In a larger cluster: how many rejected nodes to list per filter that rejected them. */
        @WithDefault("2")
        @Min(0)
        int examplesPerRejection();
    }
}
