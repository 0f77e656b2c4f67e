package io.hacluster.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The checks of {@link AgentConfig} that span several settings, and the node ids the settings give. */
public final class AgentSettings {

    /** The isolation timeout must cover at least this many heartbeat intervals. */
    public static final int MIN_INTERVALS_PER_ISOLATION_TIMEOUT = 3;

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
        if (config.storage().renewInterval().isNegative() || config.storage().renewInterval().isZero()) {
            problems.add("agent.storage.renew-interval must be positive");
        }
        if (!config.simulation().enabled() && config.nodeId().isEmpty()) {
            problems.add("agent.node-id is required (or AGENT_NODE_ID); or set agent.simulation.enabled=true");
        }
        if (config.storage().driver() == AgentConfig.StorageDriverKind.SHARED_DIR && config.storage().root().isEmpty()) {
            problems.add("agent.storage.root is required with agent.storage.driver=shared-dir");
        }
        return problems;
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
