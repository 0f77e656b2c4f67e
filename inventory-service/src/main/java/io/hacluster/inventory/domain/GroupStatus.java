package io.hacluster.inventory.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.hacluster.events.ContainerState;
import io.hacluster.events.DesiredState;

/**
 * Derives a group's state from what the inventory knows of it. The rules apply in order, first match wins; the table
 * is in {@code docs/services/inventory-service.md}.
 */
public final class GroupStatus {

    private GroupStatus() {
    }

    public static GroupCondition derive(GroupFacts facts) {
        GroupFacts.Desire desire = facts.desire();
        GroupCondition c = inMotion(facts);
        if (c == null && desire.state() == DesiredState.OFFLINE) {
            c = stopped(facts, desire);
        }
        if (c == null) {
            c = observed(facts, desire.state() == DesiredState.ONLINE);
        }
        if (desire.state() == DesiredState.UNMANAGED) {
            return new GroupCondition(c.state(), c.reason() + "; unmanaged" + desire.byWhom()
                    + ": the cluster neither starts, stops nor moves it");
        }
        return c;
    }

    /** A failover under way for the group, or a move waiting for its plan; null when neither. */
    private static GroupCondition inMotion(GroupFacts facts) {
        GroupFacts.FailoverFact failover = facts.lastFailover();
        if (failover != null && failover.underWay()) {
            String step = failover.step() == null ? "" : " (step " + failover.step() + ")";
            String by = "failover " + failover.failoverId();
            return switch (failover.action()) {
                case RESTART -> new GroupCondition(GroupState.RESTARTING, by + " is restarting it"
                        + (failover.targetNodeId() == null ? "" : " on " + failover.targetNodeId())
                        + (failover.restartFrom() == null ? "" : " from container " + failover.restartFrom()) + step);
                case STOP -> new GroupCondition(GroupState.STOPPING, by + " is stopping it"
                        + (facts.currentNodeId() == null ? "" : " on " + facts.currentNodeId()) + step);
                case MOVE -> new GroupCondition(GroupState.MOVING, by + " is moving it"
                        + (failover.fromNodeId() == null ? "" : " from " + failover.fromNodeId())
                        + (failover.targetNodeId() == null ? "" : " to " + failover.targetNodeId()) + step);
            };
        }
        if (facts.pendingMove() != null) {
            String where = facts.pendingMove().targetNodeId() == null
                    ? "wherever placement chooses"
                    : facts.pendingMove().targetNodeId();
            return new GroupCondition(GroupState.MOVING, "move to " + where + " requested ("
                    + facts.pendingMove().requestId() + "), waiting for placement");
        }
        return null;
    }

    /** Desired OFFLINE: STOPPING while its volume is on a live node, STOPPED once it runs nowhere. */
    private static GroupCondition stopped(GroupFacts facts, GroupFacts.Desire desire) {
        if (onLiveNode(facts)) {
            return new GroupCondition(GroupState.STOPPING, "stop requested" + desire.byWhom()
                    + "; still on " + facts.currentNodeId() + ", waiting for placement to stop it");
        }
        String last = facts.currentNodeId() == null ? "" : "; last on failed node " + facts.currentNodeId();
        return new GroupCondition(GroupState.STOPPED, "stopped" + (desire.byWhom().isEmpty()
                ? " by the operator"
                : desire.byWhom()) + last);
    }

    /** What runs where, for a group the cluster runs ({@code managed}) or leaves alone. */
    private static GroupCondition observed(GroupFacts facts, boolean managed) {
        GroupFacts.FailoverFact failover = facts.lastFailover();
        if (onLiveNode(facts)) {
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
            return new GroupCondition(GroupState.OFFLINE, "node " + facts.currentNodeId() + " failed"
                    + (managed ? "; waiting for its failover" : ""));
        }
        if (!facts.everLocated()) {
            return new GroupCondition(GroupState.OFFLINE, managed ? "waiting for its first placement" : "never placed");
        }
        return new GroupCondition(GroupState.OFFLINE, "its volume is mounted on no node");
    }

    private static boolean onLiveNode(GroupFacts facts) {
        return facts.currentNodeId() != null && facts.currentNodeState() != NodeState.FAILED;
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
        if (facts.currentNodeState() == NodeState.UNKNOWN) {
            // what it last reported is no evidence of what runs now: say so, with what it was and how old it is
            String why = facts.currentNodeReason() == null ? "" : " (" + facts.currentNodeReason() + ")";
            return new GroupCondition(GroupState.UNKNOWN, "on " + facts.currentNodeId() + ", whose state is UNKNOWN"
                    + why + "; last reported " + (notRunning.isEmpty()
                            ? "running"
                            : "not running: " + String.join(", ", notRunning))
                    + note);
        }
        note += cutOff(facts);
        if (notRunning.isEmpty()) {
            return new GroupCondition(GroupState.ONLINE, "running on " + facts.currentNodeId() + note);
        }
        return new GroupCondition(GroupState.DEGRADED, "on " + facts.currentNodeId() + ", not running: "
                + String.join(", ", notRunning) + note);
    }

    /** The states of a node whose groups show what it last reported, and why nothing newer is known. */
    private static final Set<NodeState> CUT_OFF = EnumSet.of(NodeState.ISOLATED, NodeState.FROZEN);

    /**
     * A node cut off from Kafka (isolated, or frozen) reports nothing new, yet keeps what it runs until it is fenced
     * or releases it, and says so (the monitor's verdict, or its witness slot): its groups show what it last
     * reported, and why nothing newer is known. A node of which nothing is known (UNKNOWN) makes its groups UNKNOWN.
     */
    private static String cutOff(GroupFacts facts) {
        String why = facts.currentNodeReason() == null ? "" : ": " + facts.currentNodeReason();
        return CUT_OFF.contains(facts.currentNodeState())
                ? "; as node " + facts.currentNodeId() + " last reported: it is " + facts.currentNodeState() + why
                : "";
    }

    private static String reasonOr(String reason, String otherwise) {
        return reason == null || reason.isBlank() ? otherwise : reason;
    }
}
