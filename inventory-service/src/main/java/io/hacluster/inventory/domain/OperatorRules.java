package io.hacluster.inventory.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.hacluster.events.DesiredState;
import io.hacluster.events.GroupSpec;

/** When the cluster's state allows an operator's request, and why not otherwise. */
public final class OperatorRules {

    private OperatorRules() {
    }

    /** A node may be drained only while it is ACTIVE. */
    public static Optional<Refusal> drain(String nodeId, NodeState state, String drainRequestId) {
        return switch (state) {
            case ACTIVE -> Optional.empty();
            case DRAINING -> refuse("node " + nodeId + " is already draining (request " + drainRequestId + ")");
            case MAINTENANCE -> refuse("node " + nodeId + " is already in maintenance");
            case FAILED -> refuse("node " + nodeId + " is FAILED: its groups are moved by failover, not by a drain");
            case SUSPECT -> refuse("node " + nodeId + " is SUSPECT: drain it once it is ACTIVE again");
            case ISOLATED -> refuse("node " + nodeId + " is ISOLATED (cut off from Kafka): no command reaches it; "
                    + "drain it once it is ACTIVE again");
            case FROZEN -> refuse("node " + nodeId + " is FROZEN (the control plane is down): drain it once it is "
                    + "ACTIVE again");
            case UNKNOWN -> refuse("node " + nodeId + " is UNKNOWN: none of its reports reaches the inventory, so no "
                    + "command is known to reach it either; drain it once it is ACTIVE again");
        };
    }

    /**
     * A drain must leave each group it moves a node that could take it: another node that is ACTIVE (not suspect,
     * isolated, frozen, failed, draining or in maintenance) and not self-fenced, and among the group's possible owners.
     * Unless forced, a drain that would leave some group nowhere to go is refused, naming the groups. Capacity, volume
     * reach and anti-affinity stay placement's to judge: a group it cannot place stays where it runs, with the reason.
     *
     * @param nodeId the node to drain
     * @param toMove the groups the drain would move: those on the node that the cluster runs (desired ONLINE)
     * @param takers the other nodes that could take groups
     * @param force the operator drains anyway
     */
    public static Optional<Refusal> drainLeavesATaker(String nodeId, List<GroupSpec> toMove, Set<String> takers,
            boolean force) {
        if (force) {
            return Optional.empty();
        }
        List<String> stranded = new ArrayList<>();
        for (GroupSpec g : toMove) {
            boolean taken = g.possibleOwners().isEmpty()
                    ? !takers.isEmpty()
                    : g.possibleOwners().stream().anyMatch(o -> !o.equals(nodeId) && takers.contains(o));
            if (!taken) {
                stranded.add(g.groupId());
            }
        }
        if (stranded.isEmpty()) {
            return Optional.empty();
        }
        String groups = stranded.size() <= 10
                ? String.join(", ", stranded)
                : String.join(", ", stranded.subList(0, 10)) + " and " + (stranded.size() - 10) + " more";
        boolean one = stranded.size() == 1;
        return refuse("force", "node " + nodeId + " is the last node that could run group" + (one ? " " : "s ")
                + groups + ": no other ACTIVE node is among " + (one ? "its" : "their") + " possible owners; bring "
                + "one back to ACTIVE, or drain with \"force\": true, and placement reports " + (one ? "it" : "them")
                + " unplaceable while " + (one ? "it keeps" : "they keep") + " running here");
    }

    /** A node may be resumed while it is draining or in maintenance (whatever its liveness). */
    public static Optional<Refusal> resume(String nodeId, Maintenance maintenance) {
        return maintenance == Maintenance.NONE
                ? refuse("node " + nodeId + " is neither draining nor in maintenance")
                : Optional.empty();
    }

    /**
     * What a move request is checked against.
     *
     * @param group the group's definition
     * @param state the group's state
     * @param currentNodeId where it is, or null
     * @param currentNodeState the state of that node, or null
     * @param targetNodeId the node asked for, or null for wherever placement chooses
     * @param targetState that node's state, or null when the cluster does not know it
     * @param desired the group's desired state
     */
    public record MoveCheck(GroupSpec group, GroupState state, String currentNodeId, NodeState currentNodeState,
            String targetNodeId, NodeState targetState, DesiredState desired) {

        /** A move of a group that the cluster runs (desired ONLINE). */
        public MoveCheck(GroupSpec group, GroupState state, String currentNodeId, NodeState currentNodeState,
                String targetNodeId, NodeState targetState) {
            this(group, state, currentNodeId, currentNodeState, targetNodeId, targetState, DesiredState.ONLINE);
        }
    }

    public static Optional<Refusal> move(MoveCheck m) {
        String g = m.group().groupId();
        if (m.desired() == DesiredState.OFFLINE) {
            return refuse("group " + g + " is stopped (desired state OFFLINE): start it, and placement places it");
        }
        if (m.desired() == DesiredState.UNMANAGED) {
            return refuse("group " + g + " is unmanaged: the cluster does not move it until it is started again");
        }
        if (m.state() == GroupState.MOVING) {
            return refuse("group " + g + " is already moving");
        }
        if (m.state() == GroupState.RESTARTING) {
            return refuse("group " + g + " is being restarted where it runs; move it once that has ended");
        }
        if (m.currentNodeId() != null && m.currentNodeState() == NodeState.FAILED) {
            return refuse("group " + g + " is on failed node " + m.currentNodeId() + ": its failover moves it");
        }
        if (m.currentNodeId() != null && (m.currentNodeState() == NodeState.ISOLATED
                || m.currentNodeState() == NodeState.FROZEN)) {
            return refuse("group " + g + " is on node " + m.currentNodeId() + ", which is " + m.currentNodeState()
                    + " (cut off from Kafka): it cannot stop it there; it moves only once the node is fenced or "
                    + "declared failed, or serves again");
        }
        if (m.currentNodeId() != null && m.currentNodeState() == NodeState.UNKNOWN) {
            return refuse("group " + g + " is on node " + m.currentNodeId() + ", which is UNKNOWN (none of its "
                    + "reports reaches the inventory): it cannot be known to stop there; move it once the node is "
                    + "heard again, or once the monitor declares it failed");
        }
        String target = m.targetNodeId();
        if (target == null) {
            return Optional.empty();
        }
        if (m.targetState() == null) {
            return refuse("targetNodeId", "node " + target + " is not known to the cluster");
        }
        if (m.targetState() != NodeState.ACTIVE) {
            return refuse("targetNodeId", "node " + target + " is " + m.targetState()
                    + ": a group moves only to an ACTIVE node");
        }
        if (target.equals(m.currentNodeId())) {
            return refuse("targetNodeId", "group " + g + " already runs on node " + target);
        }
        if (!m.group().mayRunOn(target)) {
            return refuse("targetNodeId", "node " + target + " is not among the possible owners of group " + g
                    + ": " + m.group().possibleOwners());
        }
        return Optional.empty();
    }

    /**
     * A group's desired state may change to any other; asking for the one it has is a conflict.
     *
     * @param current its desired state, who set it and in which request
     * @param wanted the desired state asked for
     */
    public static Optional<Refusal> desire(String groupId, GroupFacts.Desire current, DesiredState wanted) {
        if (current.state() != wanted) {
            return Optional.empty();
        }
        String by = current.requestId() == null
                ? ""
                : " (set by " + (current.requestedBy() == null ? "unknown" : current.requestedBy()) + " in "
                        + current.requestId() + ")";
        return switch (wanted) {
            case ONLINE -> refuse("group " + groupId + " already has desired state ONLINE" + by);
            case OFFLINE -> refuse("group " + groupId + " already has desired state OFFLINE: it is stopped or being "
                    + "stopped" + by);
            case UNMANAGED -> refuse("group " + groupId + " is already unmanaged" + by);
        };
    }

    /** A group may be removed unless it is moving or restarting: the failover under way would bring it online again. */
    public static Optional<Refusal> remove(String groupId, GroupState state) {
        if (state == GroupState.RESTARTING) {
            return refuse("group " + groupId + " is being restarted; remove it once the restart has ended");
        }
        return state == GroupState.MOVING
                ? refuse("group " + groupId + " is moving; remove it once the move has ended")
                : Optional.empty();
    }

    /**
     * A definition may change, except its volume while the old volume is mounted: the containers run on it.
     *
     * @param mountedOn the nodes on which the group's current volume is mounted
     */
    public static Optional<Refusal> change(GroupSpec before, GroupSpec after, List<String> mountedOn) {
        if (!before.volumeId().equals(after.volumeId()) && !mountedOn.isEmpty()) {
            return refuse("volumeId", "volume " + before.volumeId() + " of group " + before.groupId()
                    + " is mounted on " + String.join(", ", mountedOn)
                    + "; its volume can change only while it is offline");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String message) {
        return Optional.of(new Refusal(null, message));
    }

    private static Optional<Refusal> refuse(String field, String message) {
        return Optional.of(new Refusal(field, message));
    }
}
