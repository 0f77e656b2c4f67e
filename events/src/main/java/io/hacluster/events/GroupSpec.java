package io.hacluster.events;

import java.util.List;
import java.util.Objects;

/**
 * A resource group as the registry defines it: one shared volume and the containers on it, moved as a unit.
 *
 * @param groupId unique id
 * @param volumeId the shared-storage volume; unique across the cluster
 * @param containers containers, in start order
 * @param priority higher first; when capacity runs out the lowest priorities stay offline
 * @param preferredOwners nodes in order of preference
 * @param possibleOwners nodes the group may run on; empty means any node
 * @param antiAffinityClass groups of the same class are kept on different nodes; null for none
 * @param failback what happens when the preferred owner comes back
 * @param recovery restarts in place, relocation and avoided nodes after failures; null reads as the default
 */
public record GroupSpec(String groupId, String volumeId, List<ContainerSpec> containers, int priority,
        List<String> preferredOwners, List<String> possibleOwners, String antiAffinityClass, FailbackPolicy failback,
        RecoveryPolicy recovery) {

    public GroupSpec {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(volumeId, "volumeId");
        containers = containers == null ? List.of() : List.copyOf(containers);
        preferredOwners = preferredOwners == null ? List.of() : List.copyOf(preferredOwners);
        possibleOwners = possibleOwners == null ? List.of() : List.copyOf(possibleOwners);
        failback = failback == null ? FailbackPolicy.NEVER : failback;
        recovery = recovery == null ? RecoveryPolicy.DEFAULT : recovery;
    }

    /** A group with the default recovery policy. */
    public GroupSpec(String groupId, String volumeId, List<ContainerSpec> containers, int priority,
            List<String> preferredOwners, List<String> possibleOwners, String antiAffinityClass,
            FailbackPolicy failback) {
        this(groupId, volumeId, containers, priority, preferredOwners, possibleOwners, antiAffinityClass, failback,
                null);
    }

    /** The same group with another recovery policy. */
    public GroupSpec withRecovery(RecoveryPolicy policy) {
        return new GroupSpec(groupId, volumeId, containers, priority, preferredOwners, possibleOwners,
                antiAffinityClass, failback, policy);
    }

    /** CPU and memory of all its containers together. */
    public Resources demand() {
        Resources total = Resources.NONE;
        for (ContainerSpec c : containers) {
            total = total.plus(c.demand());
        }
        return total;
    }

    public boolean mayRunOn(String nodeId) {
        return possibleOwners.isEmpty() || possibleOwners.contains(nodeId);
    }
}
