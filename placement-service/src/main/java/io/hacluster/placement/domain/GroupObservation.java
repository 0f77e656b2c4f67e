package io.hacluster.placement.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.hacluster.events.ContainerStatus;
import io.hacluster.events.DesiredState;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.PlacementDecision.NodeFailure;

/**
 * What placement observes of one group at one moment: the reconciler's input. Built by {@link ClusterModel}.
 *
 * @param spec its definition
 * @param desired what the operator wants of it
 * @param nodeId the node it is on, or null when it runs nowhere
 * @param nodeState that node's state (operator intent over liveness), or null
 * @param nodeLiveness what the monitor last said of that node, or null
 * @param reportedThere whether that node's own latest status lists the volume mounted, and is newer than the end of
 *        the group's last failover (so that its container states can be trusted)
 * @param epoch the epoch under which the volume is mounted there, or 0
 * @param containers the group's containers as that node last reported them (empty unless {@code reportedThere})
 * @param claimedBy the failover that is handling the group, or null
 * @param nodeFailure when the node is FAILED: what the monitor knew of the failure, else null
 * @param restartsThere restarts in place of the group on that node within its restart period
 * @param lastRestartThere the latest restart in place there, or null
 * @param avoided nodes avoided for the group now, each with why
 * @param streak repairs that failed in a row
 * @param topologyChanged whether the cluster changed (a node became active, the group's rules changed, its failures
 *        were cleared) since the last of those failed repairs was planned
 * @param nextRepair the sequence number of the group's next repair
 */
public record GroupObservation(GroupSpec spec, DesiredState desired, String nodeId, NodeState nodeState,
        Liveness nodeLiveness, boolean reportedThere, long epoch, List<ContainerStatus> containers, String claimedBy,
        NodeFailure nodeFailure,
        List<Instant> restartsThere, Instant lastRestartThere, Map<String, String> avoided, RepairHistory.Streak streak,
        boolean topologyChanged, int nextRepair) {

    public GroupObservation {
        Objects.requireNonNull(spec, "spec");
        desired = desired == null ? DesiredState.ONLINE : desired;
        containers = containers == null ? List.of() : List.copyOf(containers);
        restartsThere = restartsThere == null ? List.of() : List.copyOf(restartsThere);
        avoided = avoided == null ? Map.of() : Map.copyOf(avoided);
        streak = streak == null ? new RepairHistory.Streak(0, null, -1) : streak;
    }

    public String groupId() {
        return spec.groupId();
    }
}
