package io.hacluster.agent.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What the storage keeps per volume: who holds it, under which fencing epoch, and since when it was last renewed.
 *
 * @param volumeId the volume
 * @param owner the node that holds (or last held) it
 * @param epoch the fencing token; only ever grows
 * @param state reserved, mounted or released
 * @param renewedAt when the owner last renewed it (the owner's clock)
 */
public record LeaseRecord(String volumeId, String owner, long epoch, LeaseState state, Instant renewedAt) {

    public LeaseRecord {
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(state, "state");
    }

    /** True when {@code nodeId} holds the volume mounted at exactly {@code atEpoch}. */
    public boolean mountedBy(String nodeId, long atEpoch) {
        return state == LeaseState.MOUNTED && epoch == atEpoch && Objects.equals(owner, nodeId);
    }

    /** True when {@code nodeId} holds the volume (reserved or mounted) at exactly {@code atEpoch}. */
    public boolean heldBy(String nodeId, long atEpoch) {
        return state != LeaseState.RELEASED && epoch == atEpoch && Objects.equals(owner, nodeId);
    }

    @Override
    public String toString() {
        return volumeId + "{owner " + owner + ", epoch " + epoch + ", " + state + "}";
    }
}
