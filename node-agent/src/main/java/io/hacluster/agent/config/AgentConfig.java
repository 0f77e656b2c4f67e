package io.hacluster.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of a node agent, prefix {@code agent}. Cross-field rules (isolation timeout against the heartbeat
 * interval, what each driver needs) are checked at start-up by {@link AgentSettings}.
 */
@ConfigMapping(prefix = "agent")
public interface AgentConfig {

    /** The node this agent speaks for: unique in the cluster. Required unless in simulation mode. */
    Optional<@NotBlank String> nodeId();

    /** What the node offers its containers. */
    Capacity capacity();

    /** The shared volumes this node can reach; none listed means every volume. */
    Optional<List<String>> volumes();

    /** How often a heartbeat is sent. */
    @WithDefault("500ms")
    Duration heartbeatInterval();

    /**
     * After this long without an acknowledged heartbeat the agent fences itself: it stops its containers and
     * releases its volumes. At least three heartbeat intervals.
     */
    @WithDefault("2000ms")
    Duration isolationTimeout();

    /**
     * How much of the agent's own lag (acknowledgements received late, stalls of its isolation watch) the watch may
     * add to the isolation timeout before it fences (ADR 0014). Heartbeats advertise isolation timeout + this
     * allowance, so the monitor waits for it too. 0 restores the plain rule: isolation timeout after sending. Not
     * negative, at most the isolation timeout.
     */
    @WithDefault("500ms")
    Duration isolationLagAllowance();

    /** A status is published on every change and at least this often. */
    @WithDefault("5s")
    Duration statusInterval();

    /** How many command outcomes are remembered to answer repeats. */
    @WithDefault("10000")
    @Min(1)
    int commandLedgerSize();

    /** The container runtime. */
    Runtime runtime();

    /** The shared storage. */
    Storage storage();

    /** The storage witness: the agent's second heartbeat, on the shared storage (shared-dir storage only). */
    Witness witness();

    /** One process hosting many simulated nodes, for scale tests. */
    Simulation simulation();

    interface Capacity {

        /** CPU in millicores. */
        @WithDefault("4000")
        @Min(1)
        long cpuMillis();

        /** Memory in MiB. */
        @WithDefault("8192")
        @Min(1)
        long memoryMb();
    }

    interface Runtime {

        /** {@code simulated} (in memory) or {@code process} (containers are OS processes). */
        @WithDefault("simulated")
        RuntimeDriver driver();

        /** Simulated runtime: how long a start takes. */
        @WithDefault("0ms")
        Duration startDelay();

        /** Simulated runtime: how long a stop takes. */
        @WithDefault("0ms")
        Duration stopDelay();

        /**
         * Process runtime: where container output is logged ({@code <dir>/<node>/<container>.log}); default a
         * directory under the system's temporary directory.
         */
        Optional<Path> logDir();
    }

    interface Storage {

        /** {@code simulated} (in memory, shared by the nodes of this process) or {@code shared-dir} (directories). */
        @WithDefault("simulated")
        StorageDriverKind driver();

        /** Shared-dir storage: the root shared by every agent of the machine; one directory per volume. */
        Optional<Path> root();

        /** Simulated storage: how long a mount takes. */
        @WithDefault("0ms")
        Duration mountDelay();

        /** How often the owner renews its leases (and checks that they are still its own). */
        @WithDefault("1s")
        Duration renewInterval();

        /**
         * A volume whose lease the agent could not renew for this long (the storage cannot be reached) is given up:
         * its containers are stopped and the mount is dropped from the status, so that the cluster places the group
         * elsewhere. At least three renewal intervals.
         */
        @WithDefault("10s")
        Duration leaseTimeout();
    }

    interface Witness {

        /**
         * Whether the agent writes and reads witness slots ({@code <storage root>/.witness/<node>.json}). Without
         * them an agent cut off from Kafka always fences itself. The simulated storage never has a witness.
         */
        @WithDefault("true")
        boolean enabled();

        /** How often the agent rewrites its slot and reads everyone's. */
        @WithDefault("500ms")
        Duration interval();

        /** A slot whose seq has not changed for this long is stale. At least three intervals. */
        @WithDefault("1500ms")
        Duration timeout();

        /**
         * How long a FROZEN agent, once most other nodes' slots show Kafka acknowledging them again, waits for its own
         * heartbeats to be acknowledged too before it concludes that it is the one cut off and fences itself. Kafka
         * clients take a while to reconnect after an outage, and not all at once. At least the isolation timeout.
         */
        @WithDefault("10s")
        Duration recoveryGrace();
    }

    interface Simulation {

        /** Host {@link #nodes()} simulated nodes in this process instead of one real node. */
        @WithDefault("false")
        boolean enabled();

        /** How many nodes. */
        @WithDefault("1000")
        @Min(1)
        int nodes();

        /** Their ids: the prefix followed by 1, 2, ... */
        @WithDefault("sim-node-")
        String idPrefix();
    }

    /** Container runtimes. */
    enum RuntimeDriver {
        /** In memory. */
        SIMULATED,
        /** OS processes. */
        PROCESS
    }

    /** Storage drivers. */
    enum StorageDriverKind {
        /** In memory, shared by the nodes of one process. */
        SIMULATED,
        /** Directories under one shared root, with lease files under file locks. */
        SHARED_DIR
    }
}
