package io.hacluster.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The checks of {@link AgentConfig} that span several settings, and the node ids the settings give. */
public final class AgentSettings {

    /** The isolation timeout must cover at least this many heartbeat intervals. */
    public static final int MIN_INTERVALS_PER_ISOLATION_TIMEOUT = 3;

    /** The lease timeout must cover at least this many renewal intervals. */
    public static final int MIN_RENEWALS_PER_LEASE_TIMEOUT = 3;

    /** The witness timeout must cover at least this many witness intervals. */
    public static final int MIN_INTERVALS_PER_WITNESS_TIMEOUT = 3;

    private AgentSettings() {
    }

    /** Every problem of the settings, each naming its keys; empty when they are usable. */
    public static List<String> problems(AgentConfig config) {
        List<String> problems = new ArrayList<>();
        Duration hb = config.heartbeatInterval();
        Duration isolation = config.isolationTimeout();
        if (hb.isNegative() || hb.isZero()) {
            problems.add("agent.heartbeat-interval must be positive, was " + hb.toMillis() + " ms");
        } else if (isolation.compareTo(hb.multipliedBy(MIN_INTERVALS_PER_ISOLATION_TIMEOUT)) < 0) {
            problems.add("agent.isolation-timeout (" + isolation.toMillis() + " ms) must be at least "
                    + MIN_INTERVALS_PER_ISOLATION_TIMEOUT + " x agent.heartbeat-interval (" + hb.toMillis()
                    + " ms): one late heartbeat must not make a node fence itself");
        }
        Duration allowance = config.isolationLagAllowance();
        if (allowance.isNegative() || allowance.compareTo(isolation) > 0) {
            problems.add("agent.isolation-lag-allowance (" + allowance.toMillis() + " ms) must be between 0 and "
                    + "agent.isolation-timeout (" + isolation.toMillis() + " ms)");
        }
        if (config.statusInterval().isNegative() || config.statusInterval().isZero()) {
            problems.add("agent.status-interval must be positive");
        }
        Duration renew = config.storage().renewInterval();
        if (renew.isNegative() || renew.isZero()) {
            problems.add("agent.storage.renew-interval must be positive");
        } else if (config.storage().leaseTimeout().compareTo(renew.multipliedBy(MIN_RENEWALS_PER_LEASE_TIMEOUT)) < 0) {
            problems.add("agent.storage.lease-timeout (" + config.storage().leaseTimeout().toMillis()
                    + " ms) must be at least " + MIN_RENEWALS_PER_LEASE_TIMEOUT + " x agent.storage.renew-interval ("
                    + renew.toMillis() + " ms): one failed renewal must not make a node give up its volumes");
        }
        if (usesWitness(config)) {
            witnessProblems(config, problems);
        }
        if (!config.simulation().enabled() && config.nodeId().isEmpty()) {
            problems.add("agent.node-id is required (or AGENT_NODE_ID); or set agent.simulation.enabled=true");
        }
        if (config.storage().driver() == AgentConfig.StorageDriverKind.SHARED_DIR && config.storage().root().isEmpty()) {
            problems.add("agent.storage.root is required with agent.storage.driver=shared-dir");
        }
        return problems;
    }

    /** Whether the agent has a storage witness: shared-dir storage with the witness enabled. */
    public static boolean usesWitness(AgentConfig config) {
        return config.witness().enabled() && config.storage().driver() == AgentConfig.StorageDriverKind.SHARED_DIR;
    }

    private static void witnessProblems(AgentConfig config, List<String> problems) {
        Duration interval = config.witness().interval();
        Duration timeout = config.witness().timeout();
        if (interval.isNegative() || interval.isZero()) {
            problems.add("agent.witness.interval must be positive, was " + interval.toMillis() + " ms");
            return;
        }
        if (timeout.compareTo(interval.multipliedBy(MIN_INTERVALS_PER_WITNESS_TIMEOUT)) < 0) {
            problems.add("agent.witness.timeout (" + timeout.toMillis() + " ms) must be at least "
                    + MIN_INTERVALS_PER_WITNESS_TIMEOUT + " x agent.witness.interval (" + interval.toMillis()
                    + " ms): one late write must not make a slot stale");
        }
        if (config.witness().recoveryGrace().compareTo(config.isolationTimeout()) < 0) {
            problems.add("agent.witness.recovery-grace (" + config.witness().recoveryGrace().toMillis()
                    + " ms) must be at least agent.isolation-timeout (" + config.isolationTimeout().toMillis()
                    + " ms): a frozen agent must give its own heartbeats time to be acknowledged once Kafka is back");
        }
        // an agent whose Kafka went down with everyone's must find the others' slots saying so before its isolation
        // bound: they say so half an isolation timeout after their last acknowledgement (up to a heartbeat interval
        // after its own), and write it within a witness interval (ADR 0016)
        Duration needed = interval.plus(config.heartbeatInterval()).plus(config.isolationTimeout().dividedBy(2));
        Duration bound = config.isolationTimeout().plus(config.isolationLagAllowance());
        if (needed.compareTo(bound) > 0) {
            problems.add("agent.witness.interval (" + interval.toMillis() + " ms) + agent.heartbeat-interval ("
                    + config.heartbeatInterval().toMillis() + " ms) + half agent.isolation-timeout must not exceed "
                    + "agent.isolation-timeout + agent.isolation-lag-allowance (" + bound.toMillis() + " ms): "
                    + "otherwise, when Kafka goes down for everyone, the others' slots would show it too late and "
                    + "the agents would fence instead of freezing; shorten the witness interval");
        }
    }

    /** Fails with every problem at once. */
    public static void validate(AgentConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid node-agent settings: " + String.join("; ", problems));
        }
    }

    /** The ids of the nodes this process speaks for. */
    public static List<String> nodeIds(AgentConfig config) {
        if (config.simulation().enabled()) {
            String prefix = config.simulation().idPrefix();
            return IntStream.rangeClosed(1, config.simulation().nodes()).mapToObj(i -> prefix + i).toList();
        }
        return List.of(config.nodeId().orElseThrow());
    }
}
