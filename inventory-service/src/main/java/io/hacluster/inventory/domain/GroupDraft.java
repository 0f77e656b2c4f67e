package io.hacluster.inventory.domain;

import java.util.List;

/**
 * A group definition as an operator submitted it, before validation: any field may be missing.
 *
 * @param groupId unique id
 * @param volumeId its shared volume
 * @param containers its containers, in start order
 * @param priority higher first when capacity runs out; 0 when missing
 * @param preferredOwners nodes in order of preference
 * @param possibleOwners nodes it may run on; missing or empty means any
 * @param antiAffinityClass groups of the same class are kept apart, or null
 * @param failback the failback policy, or null for never
 * @param recovery the recovery policy, or null for the default; a missing field takes the default's value
 */
public record GroupDraft(String groupId, String volumeId, List<ContainerDraft> containers, Integer priority,
        List<String> preferredOwners, List<String> possibleOwners, String antiAffinityClass, FailbackDraft failback,
        RecoveryDraft recovery) {

    /** A draft with the default recovery policy. */
    public GroupDraft(String groupId, String volumeId, List<ContainerDraft> containers, Integer priority,
            List<String> preferredOwners, List<String> possibleOwners, String antiAffinityClass,
            FailbackDraft failback) {
        this(groupId, volumeId, containers, priority, preferredOwners, possibleOwners, antiAffinityClass, failback,
                null);
    }

    /** The same draft for another group id. */
    public GroupDraft withGroupId(String id) {
        return new GroupDraft(id, volumeId, containers, priority, preferredOwners, possibleOwners, antiAffinityClass,
                failback, recovery);
    }

    /**
     * One container as submitted.
     *
     * @param check its health check, or null for none
     */
    public record ContainerDraft(String containerId, Long cpuMillis, Long memoryMb, List<String> command,
            CheckDraft check) {

        /** A container without a health check. */
        public ContainerDraft(String containerId, Long cpuMillis, Long memoryMb, List<String> command) {
            this(containerId, cpuMillis, memoryMb, command, null);
        }
    }

    /** A failback policy as submitted: mode NEVER or PREFERRED_OWNER, delay in seconds. */
    public record FailbackDraft(String mode, Long delaySeconds) {
    }

    /** A recovery policy as submitted; a missing field takes the default's value. */
    public record RecoveryDraft(Integer restartThreshold, Long restartPeriodSeconds, Integer failureThreshold,
            Long failureTimeoutSeconds) {
    }

    /** A health check as submitted: the command is required, the rest have defaults. */
    public record CheckDraft(List<String> command, Long intervalMs, Long timeoutMs, Integer failureThreshold) {
    }
}
