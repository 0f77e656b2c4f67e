package io.hacluster.events;

import java.util.Objects;

/**
 * A volume a node has mounted read-write.
 *
 * @param volumeId volume id
 * @param groupId the group it belongs to
 * @param epoch the fencing token under which it is mounted
 */
public record VolumeStatus(String volumeId, String groupId, long epoch) {

    public VolumeStatus {
        Objects.requireNonNull(volumeId, "volumeId");
    }
}
