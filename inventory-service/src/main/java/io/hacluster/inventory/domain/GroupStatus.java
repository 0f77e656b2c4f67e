package io.hacluster.inventory.domain;

import java.util.ArrayList;
import java.util.List;

import io.hacluster.events.ContainerState;

/**
 * Derives a group's state from what the inventory knows of it. The rules apply in order, first match wins; the table
 * is in {@code docs/services/inventory-service.md}.
 */
public final class GroupStatus {

    private GroupStatus() {
    }

    public static GroupCondition derive(GroupFacts facts) {
        GroupFacts.FailoverFact failover = facts.lastFailover();
        if (failover != null && failover.underWay()) {
            String where = failover.targetNodeId() == null ? "" : " to " + failover.targetNodeId();
            String step = failover.step() == null ? "" : " (step " + failover.step() + ")";
            return new GroupCondition(GroupState.MOVING, "failover " + failover.failoverId() + " is moving it" + where
                    + step);
        }
        if (facts.pendingMove() != null) {
            String where = facts.pendingMove().targetNodeId() == null
                    ? "wherever placement chooses"
                    : facts.pendingMove().targetNodeId();
            return new GroupCondition(GroupState.MOVING, "move to " + where + " requested ("
                    + facts.pendingMove().requestId() + "), waiting for placement");
        }
        boolean onLiveNode = facts.currentNodeId() != null && facts.currentNodeState() != NodeState.FAILED;
        if (onLiveNode) {
            return onNode(facts, failover);
        }
        if (failover != null && failover.outcome() == GroupOutcome.UNPLACEABLE) {
            return new GroupCondition(GroupState.UNPLACEABLE, reasonOr(failover.reason(), "no node may take it")
                    + " (failover " + failover.failoverId() + ")");
        }
        if (failover != null && failover.outcome() == GroupOutcome.FAILED) {
            return new GroupCondition(GroupState.OFFLINE, "failover " + failover.failoverId() + " failed: "
                    + reasonOr(failover.reason(), "no reason given"));
        }
        if (facts.currentNodeId() != null) {
            return new GroupCondition(GroupState.OFFLINE, "node " + facts.currentNodeId()
                    + " failed; waiting for its failover");
        }
        if (!facts.everLocated()) {
            return new GroupCondition(GroupState.OFFLINE, "waiting for its first placement");
        }
        return new GroupCondition(GroupState.OFFLINE, "its volume is mounted on no node");
    }

    private static GroupCondition onNode(GroupFacts facts, GroupFacts.FailoverFact failover) {
        List<String> notRunning = new ArrayList<>();
        for (GroupFacts.ContainerFact c : facts.containers()) {
            if (c.state() != ContainerState.RUNNING) {
                notRunning.add(c.containerId() + " " + (c.state() == null ? "not reported" : c.state()));
            }
        }
        String note = failover != null && failover.outcome() == GroupOutcome.UNPLACEABLE
                ? "; failover " + failover.failoverId() + " could not move it: "
                        + reasonOr(failover.reason(), "no node may take it")
                : "";
        if (notRunning.isEmpty()) {
            return new GroupCondition(GroupState.ONLINE, "running on " + facts.currentNodeId() + note);
        }
        return new GroupCondition(GroupState.DEGRADED, "on " + facts.currentNodeId() + ", not running: "
                + String.join(", ", notRunning) + note);
    }

    private static String reasonOr(String reason, String otherwise) {
        return reason == null || reason.isBlank() ? otherwise : reason;
    }
}
