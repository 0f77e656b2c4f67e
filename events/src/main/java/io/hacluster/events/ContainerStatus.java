package io.hacluster.events;

import java.util.Objects;

/**
 * A container as a node reports it.
 *
 * @param containerId container id
 * @param groupId the group it belongs to
 * @param state its state
 * @param detail free text: pid, exit code, error
 */
public record ContainerStatus(String containerId, String groupId, ContainerState state, String detail) {

    public ContainerStatus {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(state, "state");
    }
}
