package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.inventory.domain.VolumeHolding;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class VolumeMountRepository implements PanacheRepositoryBase<VolumeMount, Long> {

    public List<VolumeMount> ofNode(String nodeId) {
        return list("nodeId", Sort.by("volumeId"), nodeId);
    }

    /** Every node that holds the volume, newest report first. */
    public List<VolumeMount> ofVolume(String volumeId) {
        return list("volumeId", Sort.descending("reportedAt").and("nodeId"), volumeId);
    }

    /** Every node that reports the volume mounted, newest report first, with whether it really holds it. */
    public List<VolumeHolding.Holding> holdings(String volumeId) {
        return VolumeHolding.judge(ofVolume(volumeId).stream().map(VolumeMount::asMount).toList());
    }

    /** The node that holds the volume (the newest report of a mount not fenced since), or null when none does. */
    public VolumeHolding.Holding holder(String volumeId) {
        return holdings(volumeId).stream().filter(VolumeHolding.Holding::mounted).findFirst().orElse(null);
    }

    /**
     * Records a fence the executor reported: the node's mount of the volume, if held under a lower epoch than the
     * one issued (any epoch, for a whole-node fence).
     */
    public void fence(String nodeId, String volumeId, VolumeHolding.Fence fence) {
        VolumeMount m = find(nodeId, volumeId);
        if (m != null && !fence.endedBy(m.epoch, m.reportedAt) && m.fence() == null) {
            m.fence(fence);
        }
    }

    public VolumeMount find(String nodeId, String volumeId) {
        return find("nodeId = ?1 and volumeId = ?2", nodeId, volumeId).firstResult();
    }

    public long forgetNode(String nodeId, Instant upTo) {
        return delete("nodeId = ?1 and reportedAt <= ?2", nodeId, upTo);
    }

    public long forgetNode(String nodeId) {
        return delete("nodeId", nodeId);
    }

    /** Forgets one node's mount of the volume up to {@code upTo}: it was released there. */
    public long forget(String nodeId, String volumeId, Instant upTo) {
        return delete("nodeId = ?1 and volumeId = ?2 and reportedAt <= ?3", nodeId, volumeId, upTo);
    }

    /** Forgets other nodes' mounts of the volume up to {@code upTo}: the volume moved. */
    public long forgetElsewhere(String volumeId, String nodeId, Instant upTo) {
        return delete("volumeId = ?1 and nodeId <> ?2 and reportedAt <= ?3", volumeId, nodeId, upTo);
    }

    /** Records a mount unless a newer report of the same volume on the same node is held. */
    public void record(String nodeId, String volumeId, String groupId, long epoch, Instant at) {
        VolumeMount m = find(nodeId, volumeId);
        if (m == null) {
            m = new VolumeMount();
            m.nodeId = nodeId;
            m.volumeId = volumeId;
        } else if (m.reportedAt.isAfter(at)) {
            return;
        }
        if (m.fence() != null && m.fence().endedBy(epoch, at)) {
            m.fence(null);
        }
        m.groupId = groupId;
        m.epoch = epoch;
        m.reportedAt = at;
        if (m.id == null) {
            persist(m);
        }
    }

    /** Every volume any node reports mounted. */
    public List<String> mountedVolumeIds() {
        return getEntityManager().createQuery("select distinct m.volumeId from VolumeMount m", String.class)
                .getResultList();
    }
}
