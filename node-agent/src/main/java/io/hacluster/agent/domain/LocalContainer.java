package io.hacluster.agent.domain;

import java.util.Objects;

import io.hacluster.events.ContainerState;
import io.hacluster.events.Resources;

/**
 * A container this node runs or ran, as the node itself remembers it.
 *
 * @param containerId the container
 * @param groupId its group
 * @param volumeId the volume its data lives on
 * @param epoch the epoch of the mount it was started under
 * @param state its state
 * @param detail pid, exit code, error
 * @param demand CPU and memory it needs
 */
public record LocalContainer(String containerId, String groupId, String volumeId, long epoch, ContainerState state,
        String detail, Resources demand) {

    public LocalContainer {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(state, "state");
        demand = demand == null ? Resources.NONE : demand;
    }

    /** True while the container's process is (or is about to be) alive. */
    public boolean isLive() {
        return state == ContainerState.STARTING || state == ContainerState.RUNNING || state == ContainerState.STOPPING;
    }

    public LocalContainer with(ContainerState newState, String newDetail) {
        return new LocalContainer(containerId, groupId, volumeId, epoch, newState, newDetail, demand);
    }
}
