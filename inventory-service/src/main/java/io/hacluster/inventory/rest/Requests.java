package io.hacluster.inventory.rest;

import java.util.List;

import io.hacluster.inventory.domain.GroupDraft;

/** The JSON bodies the API accepts. Unknown fields are refused, so that a misspelt field is not silently ignored. */
public final class Requests {

    private Requests() {
    }

    /**
     * A group definition.
     *
     * @param groupId unique id (in a change, optional: the path names the group)
     * @param volumeId its shared volume, unique across the cluster
     * @param containers its containers in start order, at least one
     * @param priority 0 to 1000, higher first when capacity runs out; 0 when missing
     * @param preferredOwners nodes in order of preference
     * @param possibleOwners nodes it may run on; missing or empty: any
     * @param antiAffinityClass groups of the same class are kept on different nodes
     * @param failback NEVER (default) or PREFERRED_OWNER after a delay
     */
    public record Group(String groupId, String volumeId, List<Container> containers, Integer priority,
            List<String> preferredOwners, List<String> possibleOwners, String antiAffinityClass, Failback failback) {

        GroupDraft draft(String id) {
            return new GroupDraft(id, volumeId,
                    containers == null
                            ? null
                            : containers.stream().map(c -> c == null
                                    ? null
                                    : new GroupDraft.ContainerDraft(c.containerId(), c.cpuMillis(), c.memoryMb(),
                                            c.command()))
                                    .toList(),
                    priority, preferredOwners, possibleOwners, antiAffinityClass,
                    failback == null ? null : new GroupDraft.FailbackDraft(failback.mode(), failback.delaySeconds()));
        }
    }

    /**
     * A container.
     *
     * @param containerId unique across the cluster
     * @param cpuMillis CPU it needs, in millicores
     * @param memoryMb memory it needs, in MiB
     * @param command the process to run; missing or empty for the agent's demo workload
     */
    public record Container(String containerId, Long cpuMillis, Long memoryMb, List<String> command) {
    }

    public record Failback(String mode, Long delaySeconds) {
    }

    /** A drain or resume request; the body is optional. */
    public record NodeAction(String requestedBy) {
    }

    /** A stop, start or unmanage request; the body is optional. */
    public record GroupAction(String requestedBy) {
    }

    /**
     * A move request.
     *
     * @param targetNodeId the node to move to; missing for wherever placement chooses
     * @param requestedBy who asks
     */
    public record Move(String targetNodeId, String requestedBy) {
    }
}
