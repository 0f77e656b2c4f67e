package io.hacluster.events;

import java.util.List;
import java.util.Objects;

/**
 * Registry changes and operator requests, on {@link Topics#CLUSTER_ADMIN} (one partition, kept forever so that a
 * service can rebuild the registry by replaying it), keyed by group id or node id.
 */
public sealed interface AdminEvent extends EventPayload {

    @Override
    default String topic() {
        return Topics.CLUSTER_ADMIN;
    }

    /** A new group. Placement offers it a node for its first start. */
    record GroupDefined(GroupSpec group) implements AdminEvent {

        public GroupDefined {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String key() {
            return group.groupId();
        }
    }

    /** A group's definition changed; the whole new definition. */
    record GroupChanged(GroupSpec group) implements AdminEvent {

        public GroupChanged {
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String key() {
            return group.groupId();
        }
    }

    /** A group was removed from the registry. Its containers are stopped and its volume released. */
    record GroupRemoved(String groupId, String volumeId) implements AdminEvent {

        public GroupRemoved {
            Objects.requireNonNull(groupId, "groupId");
        }

        @Override
        public String key() {
            return groupId;
        }
    }

    /**
     * An operator asks to take a node out for maintenance: its groups move away, then it stays in maintenance.
     *
     * @param requestId id the operator follows
     * @param nodeId the node
     * @param requestedBy who asked
     */
    record NodeDrainRequested(String requestId, String nodeId, String requestedBy) implements AdminEvent {

        public NodeDrainRequested {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public String key() {
            return nodeId;
        }
    }

    /** An operator returns a node from maintenance to service. */
    record NodeResumeRequested(String requestId, String nodeId, String requestedBy) implements AdminEvent {

        public NodeResumeRequested {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public String key() {
            return nodeId;
        }
    }

    /**
     * An operator moves a group, to a named node or (target null) wherever placement chooses.
     *
     * @param requestId id the operator follows
     * @param groupId the group
     * @param targetNodeId the node asked for, or null
     * @param requestedBy who asked
     */
    record GroupMoveRequested(String requestId, String groupId, String targetNodeId, String requestedBy)
            implements
                AdminEvent {

        public GroupMoveRequested {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(groupId, "groupId");
        }

        @Override
        public String key() {
            return groupId;
        }
    }

    /**
     * The executor could not bring a group online on its planned target and asks placement for another node.
     *
     * @param requestId id of this request
     * @param failoverId the failover in which the group is being moved
     * @param groupId the group
     * @param fromNodeId the node the group comes from
     * @param excludedNodes nodes that failed or refused and must not be chosen again in this failover
     * @param reason what went wrong
     */
    record GroupReplanRequested(String requestId, String failoverId, String groupId, String fromNodeId,
            List<String> excludedNodes, String reason) implements AdminEvent {

        public GroupReplanRequested {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(groupId, "groupId");
            excludedNodes = excludedNodes == null ? List.of() : List.copyOf(excludedNodes);
        }

        @Override
        public String key() {
            return groupId;
        }
    }

    /**
     * An operator changes what the cluster is to do with a group: run it, keep it stopped, or leave it alone.
     *
     * @param requestId id the operator follows
     * @param groupId the group
     * @param desiredState what is wanted
     * @param requestedBy who asked
     */
    record GroupDesiredStateChanged(String requestId, String groupId, DesiredState desiredState, String requestedBy)
            implements
                AdminEvent {

        public GroupDesiredStateChanged {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(desiredState, "desiredState");
        }

        @Override
        public String key() {
            return groupId;
        }
    }

    /**
     * An operator clears a group's failure history, so that the nodes it avoided may take it again at once (as
     * Pacemaker's {@code crm_resource --cleanup}).
     *
     * @param requestId id the operator follows
     * @param groupId the group
     * @param nodeId the node whose failures are cleared, or null for every node
     * @param requestedBy who asked
     */
    record GroupFailuresCleared(String requestId, String groupId, String nodeId, String requestedBy)
            implements
                AdminEvent {

        public GroupFailuresCleared {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(groupId, "groupId");
        }

        @Override
        public String key() {
            return groupId;
        }
    }
}
