package io.hacluster.agent.driver;

import java.nio.file.Path;
import java.util.Objects;

import io.hacluster.events.ContainerSpec;

/**
 * What a runtime needs to start a container.
 *
 * @param nodeId the node it runs on
 * @param spec the container's definition
 * @param groupId its group
 * @param volumeId the volume its data lives on
 * @param epoch the epoch under which the node mounted that volume
 * @param dataDir the volume's data directory, or null for storage without files
 */
public record ContainerLaunch(String nodeId, ContainerSpec spec, String groupId, String volumeId, long epoch,
        Path dataDir) {

    public ContainerLaunch {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(spec, "spec");
    }

    public String containerId() {
        return spec.containerId();
    }
}
