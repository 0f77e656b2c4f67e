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
 */
public record GroupDraft(String groupId, String volumeId, List<ContainerDraft> containers, Integer priority,
        List<String> preferredOwners, List<String> possibleOwners, String antiAffinityClass, FailbackDraft failback) {

    /** One container as submitted. */
    public record ContainerDraft(String containerId, Long cpuMillis, Long memoryMb, List<String> command) {
    }

    /** A failback policy as submitted: mode NEVER or PREFERRED_OWNER, delay in seconds. */
    public record FailbackDraft(String mode, Long delaySeconds) {
    }
}
