package io.hacluster.agent.domain;

import java.util.Objects;

/**
 * A volume this node has mounted, as the node itself remembers it.
 *
 * @param volumeId the volume
 * @param groupId the group it belongs to
 * @param epoch the epoch it was mounted under
 */
public record LocalMount(String volumeId, String groupId, long epoch) {

    public LocalMount {
        Objects.requireNonNull(volumeId, "volumeId");
    }
}
