package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** The failures of each group on each node, and when they were last cleared. */
@ApplicationScoped
public class GroupFailureRepository implements PanacheRepositoryBase<GroupFailureEntity, Long> {

    @Inject
    GroupFailureClearRepository clears;

    public List<GroupFailureEntity> ofGroup(String groupId) {
        return list("groupId", Sort.descending("at").and("id", Sort.Direction.Descending), groupId);
    }

    public boolean known(String failureId) {
        return count("failureId", failureId) > 0;
    }

    /** Keeps the {@code keep} newest failures of the group on the node; returns how many went. */
    public long keepNewest(String groupId, String nodeId, int keep) {
        List<GroupFailureEntity> all = list("groupId = ?1 and nodeId = ?2",
                Sort.descending("at").and("id", Sort.Direction.Descending), groupId, nodeId);
        long gone = 0;
        for (int i = keep; i < all.size(); i++) {
            delete(all.get(i));
            gone++;
        }
        return gone;
    }

    /** Forgets the failures of the group (on one node, or on every node when null) up to {@code upTo}. */
    public long forget(String groupId, String nodeId, Instant upTo) {
        return nodeId == null
                ? delete("groupId = ?1 and at <= ?2", groupId, upTo)
                : delete("groupId = ?1 and nodeId = ?2 and at <= ?3", groupId, nodeId, upTo);
    }

    public long forgetGroup(String groupId) {
        clears.delete("groupId", groupId);
        return delete("groupId", groupId);
    }

    /** The latest clear that covers failures of the group on the node, or null. */
    public Instant clearedUpTo(String groupId, String nodeId) {
        Instant latest = null;
        for (GroupFailureClearEntity c : clears.list("groupId = ?1 and nodeId in ?2", groupId,
                List.of(nodeId, GroupFailureClearEntity.EVERY_NODE))) {
            latest = latest == null || c.clearedAt.isAfter(latest) ? c.clearedAt : latest;
        }
        return latest;
    }

    /** Notes a clear of the group's failures on the node (null: every node) up to {@code at}. */
    public void noteClear(String groupId, String nodeId, Instant at, String requestId) {
        String node = nodeId == null ? GroupFailureClearEntity.EVERY_NODE : nodeId;
        GroupFailureClearEntity c = clears.find("groupId = ?1 and nodeId = ?2", groupId, node).firstResult();
        if (c == null) {
            c = new GroupFailureClearEntity();
            c.groupId = groupId;
            c.nodeId = node;
            c.clearedAt = at;
            c.requestId = requestId;
            clears.persist(c);
        } else if (c.clearedAt.isBefore(at)) {
            c.clearedAt = at;
            c.requestId = requestId;
        }
    }
}
