package io.hacluster.events;

/**
 * How a group recovers from failures on a node that is alive: restart in place a bounded number of times, then
 * relocate; a node where it keeps failing is avoided for a while.
 *
 * @param restartThreshold restarts in place allowed within {@code restartPeriodSeconds}; past it the group is relocated
 *        (0: relocate at the first failure)
 * @param restartPeriodSeconds the window in which restarts are counted
 * @param failureThreshold failures of the group on one node after which that node is avoided for the group
 * @param failureTimeoutSeconds how long after its last failure there a node stays avoided; then its count is forgotten
 *        (0: never forgotten, avoided until an operator clears it)
 */
public record RecoveryPolicy(int restartThreshold, long restartPeriodSeconds, int failureThreshold,
        long failureTimeoutSeconds) {

    /** As WSFC: one restart in 15 minutes; a node where the group failed twice is avoided for 15 minutes. */
    public static final RecoveryPolicy DEFAULT = new RecoveryPolicy(1, 900, 2, 900);
}
