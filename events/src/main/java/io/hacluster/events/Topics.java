package io.hacluster.events;

import java.util.List;

/**
 * Topic names, and how each topic is laid out. Incoming channels are named after their topic; outgoing channels
 * carry the {@link #OUT} suffix, so that one service may read and write the same topic.
 */
public final class Topics {

    public static final String NODE_HEARTBEATS = "node-heartbeats";
    public static final String NODE_STATUS = "node-status";
    public static final String NODE_HEALTH = "node-health";
    public static final String CLUSTER_ADMIN = "cluster-admin";
    public static final String PLACEMENT_DECISIONS = "placement-decisions";
    public static final String AGENT_COMMANDS = "agent-commands";
    public static final String COMMAND_RESULTS = "command-results";
    public static final String FAILOVER_EVENTS = "failover-events";

    /** Suffix of the dead-letter topic of every topic. */
    public static final String DLQ_SUFFIX = "-dlq";
    /**
     * The largest record a dead-letter topic accepts ({@code max.message.bytes}): twice the broker's default record
     * limit, so that any record a topic accepted can be parked with its headers.
     */
    public static final int DLQ_MAX_MESSAGE_BYTES = 2 * 1024 * 1024 + 64 * 1024;
    /** Suffix of outgoing channel names. */
    public static final String OUT = "-out";

    /** Outgoing channel names: the topic name plus {@link #OUT}. */
    public static final String NODE_HEARTBEATS_OUT = NODE_HEARTBEATS + OUT;
    public static final String NODE_STATUS_OUT = NODE_STATUS + OUT;
    public static final String NODE_HEALTH_OUT = NODE_HEALTH + OUT;
    public static final String CLUSTER_ADMIN_OUT = CLUSTER_ADMIN + OUT;
    public static final String PLACEMENT_DECISIONS_OUT = PLACEMENT_DECISIONS + OUT;
    public static final String AGENT_COMMANDS_OUT = AGENT_COMMANDS + OUT;
    public static final String COMMAND_RESULTS_OUT = COMMAND_RESULTS + OUT;
    public static final String FAILOVER_EVENTS_OUT = FAILOVER_EVENTS + OUT;

    /**
     * How a topic is created.
     *
     * @param name topic name
     * @param partitions number of partitions; control topics have one, for one total order
     * @param compacted whether the topic keeps only the latest record per key
     * @param retainForever whether records are kept without a time limit (the registry and control logs are replayed
     *        by services that rebuild their state)
     */
    public record Spec(String name, int partitions, boolean compacted, boolean retainForever) {
    }

    /** Data-plane topics are keyed by node id and spread over this many partitions. */
    public static final int DATA_PLANE_PARTITIONS = 6;

    /** Every topic of the system with its layout; each has a dead-letter topic beside it. */
    public static final List<Spec> ALL = List.of(
            new Spec(NODE_HEARTBEATS, DATA_PLANE_PARTITIONS, false, false),
            new Spec(NODE_STATUS, DATA_PLANE_PARTITIONS, true, false),
            new Spec(NODE_HEALTH, 1, false, true),
            new Spec(CLUSTER_ADMIN, 1, false, true),
            new Spec(PLACEMENT_DECISIONS, 1, false, true),
            new Spec(AGENT_COMMANDS, DATA_PLANE_PARTITIONS, false, false),
            new Spec(COMMAND_RESULTS, DATA_PLANE_PARTITIONS, false, false),
            new Spec(FAILOVER_EVENTS, 3, false, true));

    private Topics() {
    }

    /** The dead-letter topic of a topic. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
