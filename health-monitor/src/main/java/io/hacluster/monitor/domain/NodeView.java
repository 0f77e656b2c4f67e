package io.hacluster.monitor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * What the detector knows of one node, at one instant.
 *
 * @param nodeId the node
 * @param state its liveness
 * @param incarnation its incarnation as last heard or judged
 * @param lastHeartbeatAt arrival of its last heartbeat at this monitor, or the moment this monitor took the node over
 *        if it has not heard it since
 * @param heard whether {@code lastHeartbeatAt} is a real arrival
 * @param judged whether this instance judges the node (it holds the node's partition)
 * @param judgeFrom no judgement before this instant (grace period), or null
 * @param samples how many inter-arrival times the estimate rests on
 * @param suspicionTimeout silence after which the node is suspected
 * @param failureTimeout silence after which the node is declared failed
 * @param silenceFrom its silence counts from here: {@code lastHeartbeatAt}, or later where a guard's clearing gave it
 *        a fresh grace
 * @param lagExtension how much the monitor's own lag since then extends its deadlines
 */
public record NodeView(String nodeId, Liveness state, String incarnation, Instant lastHeartbeatAt, boolean heard,
        boolean judged, Instant judgeFrom, int samples, Duration suspicionTimeout, Duration failureTimeout,
        Instant silenceFrom, Duration lagExtension) {

    /** When the node is suspected if nothing arrives: its silence reaches the suspicion timeout, grace permitting. */
    public Instant suspectAt() {
        return later(silenceFrom.plus(suspicionTimeout).plus(lagExtension), judgeFrom);
    }

    /** When the node is declared failed if nothing arrives, no guard is raised and the monitor lags no more. */
    public Instant failAt() {
        return later(silenceFrom.plus(failureTimeout).plus(lagExtension), judgeFrom);
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }
}
