package io.hacluster.monitor.domain;

/** What the monitor does with failure declarations while it sees no majority of the known nodes. */
public enum NoQuorumPolicy {
    /** Declare nobody failed until quorum returns, and raise {@code MonitorAlert(NO_QUORUM)} (the default). */
    FREEZE,
    /** Declare anyway: for one- and two-node clusters, where losing one node always loses the majority. */
    IGNORE
}
