package io.hacluster.placement.domain;

import java.util.Map;
import java.util.Objects;

import io.hacluster.events.DesiredState;
import io.hacluster.events.GroupSpec;

/**
 * One group in a cluster snapshot.
 *
 * @param spec its definition in the registry
 * @param nodeId the node it is on (its volume is mounted there), or null when it runs nowhere
 * @param desired what the operator wants of it
 * @param avoided nodes avoided for it because it kept failing there, each with why
 */
public record GroupView(GroupSpec spec, String nodeId, DesiredState desired, Map<String, String> avoided) {

    public GroupView {
        Objects.requireNonNull(spec, "spec");
        desired = desired == null ? DesiredState.ONLINE : desired;
        avoided = avoided == null ? Map.of() : Map.copyOf(avoided);
    }

    /** A group that should run and has no failure history. */
    public GroupView(GroupSpec spec, String nodeId) {
        this(spec, nodeId, DesiredState.ONLINE, Map.of());
    }

    public String groupId() {
        return spec.groupId();
    }
}
