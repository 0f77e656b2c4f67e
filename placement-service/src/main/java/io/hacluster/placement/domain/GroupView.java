package io.hacluster.placement.domain;

import java.util.Objects;

import io.hacluster.events.GroupSpec;

/**
 * One group in a cluster snapshot.
 *
 * @param spec its definition in the registry
 * @param nodeId the node it is on (its volume is mounted there), or null when it runs nowhere
 */
public record GroupView(GroupSpec spec, String nodeId) {

    public GroupView {
        Objects.requireNonNull(spec, "spec");
    }

    public String groupId() {
        return spec.groupId();
    }
}
