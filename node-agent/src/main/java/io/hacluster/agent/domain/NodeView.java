package io.hacluster.agent.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node knows of itself when it decides a command: its mode, the volumes it can reach, what it has mounted and
 * what it runs.
 *
 * @param nodeId the node
 * @param mode its mode
 * @param reachableVolumes the volumes it can reach; empty means any
 * @param mounts its mounts by volume id
 * @param containers its containers by container id
 */
public record NodeView(String nodeId, AgentMode mode, List<String> reachableVolumes, Map<String, LocalMount> mounts,
        Map<String, LocalContainer> containers) {

    public NodeView {
        Objects.requireNonNull(nodeId, "nodeId");
        reachableVolumes = reachableVolumes == null ? List.of() : List.copyOf(reachableVolumes);
        mounts = mounts == null ? Map.of() : Map.copyOf(mounts);
        containers = containers == null ? Map.of() : Map.copyOf(containers);
    }

    public boolean canReach(String volumeId) {
        return reachableVolumes.isEmpty() || reachableVolumes.contains(volumeId);
    }

    public Optional<LocalContainer> container(String containerId) {
        return Optional.ofNullable(containers.get(containerId));
    }

    /** The live containers whose data is on {@code volumeId}. */
    public List<String> liveContainersOn(String volumeId) {
        return containers.values().stream().filter(c -> c.isLive() && volumeId.equals(c.volumeId()))
                .map(LocalContainer::containerId).sorted().toList();
    }
}
