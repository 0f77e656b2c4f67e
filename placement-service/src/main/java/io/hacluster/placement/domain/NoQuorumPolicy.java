package io.hacluster.placement.domain;

/** What placement does with node failures while it has no {@link Quorum}. */
public enum NoQuorumPolicy {
    /** Hold them until quorum returns; everything that does not act on a failure goes on (the default). */
    FREEZE,
    /** Act on them anyway: for a two-node cluster, where losing one node always loses the majority. */
    IGNORE
}
