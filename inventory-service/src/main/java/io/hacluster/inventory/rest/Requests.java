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
     * @param recovery restarts in place and avoided nodes; missing fields take the default's values
     */
    public record Group(String groupId, String volumeId, List<Container> containers, Integer priority,
            List<String> preferredOwners, List<String> possibleOwners, String antiAffinityClass, Failback failback,
            Recovery recovery) {

        GroupDraft draft(String id) {
            return new GroupDraft(id, volumeId,
                    containers == null
                            ? null
                            : containers.stream().map(c -> c == null ? null : c.draft()).toList(),
                    priority, preferredOwners, possibleOwners, antiAffinityClass,
                    failback == null ? null : new GroupDraft.FailbackDraft(failback.mode(), failback.delaySeconds()),
                    recovery == null
                            ? null
                            : new GroupDraft.RecoveryDraft(recovery.restartThreshold(), recovery.restartPeriodSeconds(),
                                    recovery.failureThreshold(), recovery.failureTimeoutSeconds()));
        }
    }

    /**
     * A container.
     *
     * @param containerId unique across the cluster
     * @param cpuMillis CPU it needs, in millicores
     * @param memoryMb memory it needs, in MiB
     * @param command the process to run; missing or empty for the agent's demo workload
     * @param check the health check the agent runs in it; missing for none
     */
    public record Container(String containerId, Long cpuMillis, Long memoryMb, List<String> command, Check check) {

        GroupDraft.ContainerDraft draft() {
            return new GroupDraft.ContainerDraft(containerId, cpuMillis, memoryMb, command, check == null
                    ? null
                    : new GroupDraft.CheckDraft(check.command(), check.intervalMs(), check.timeoutMs(),
                            check.failureThreshold()));
        }
    }

    /**
     * A recovery policy.
     *
     * @param restartThreshold restarts in place within the period before the group is relocated (0–100, default 1)
     * @param restartPeriodSeconds the period (1–604800, default 900)
     * @param failureThreshold failures on one node after which it is avoided (1–100, default 2)
     * @param failureTimeoutSeconds how long such a node is avoided (0–604800, default 900)
     */
    public record Recovery(Integer restartThreshold, Long restartPeriodSeconds, Integer failureThreshold,
            Long failureTimeoutSeconds) {
    }

    /**
     * A health check: exit code 0 is healthy.
     *
     * @param command the program and its arguments, required
     * @param intervalMs how often it runs (100–3600000, default 10000)
     * @param timeoutMs how long one run may take (100 to the interval, default 5000 or the interval if shorter)
     * @param failureThreshold failed runs in a row that make the container failed (1–100, default 3)
     */
    public record Check(List<String> command, Long intervalMs, Long timeoutMs, Integer failureThreshold) {
    }

    public record Failback(String mode, Long delaySeconds) {
    }

    /**
     * A drain or resume request; the body is optional.
     *
     * @param requestedBy who asks
     * @param force for a drain: go ahead even if no other node could take some group it would move (default false)
     */
    public record NodeAction(String requestedBy, Boolean force) {
    }

    /** A stop, start or unmanage request; the body is optional. */
    public record GroupAction(String requestedBy) {
    }

    /**
     * A request to clear a group's failure history; the body is optional.
     *
     * @param nodeId the node whose failures are cleared; missing for every node
     * @param requestedBy who asks
     */
    public record Clear(String nodeId, String requestedBy) {
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
