package io.hacluster.inventory.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.inventory.domain.FailoverState;
import io.hacluster.inventory.domain.GroupOutcome;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class FailoverGroupRepository implements PanacheRepositoryBase<FailoverGroupEntity, Long> {

    public FailoverGroupEntity find(String failoverId, String groupId) {
        return find("failoverId = ?1 and groupId = ?2", failoverId, groupId).firstResult();
    }

    public List<FailoverGroupEntity> ofFailover(String failoverId) {
        return list("failoverId", Sort.by("position").and("groupId"), failoverId);
    }

    /** Whether a group is on its way to the node in a failover not ended yet. */
    public boolean anyUnderWayTo(String nodeId) {
        return count("""
                targetNodeId = ?1 and outcome in ?2 and failoverId in
                (select f.failoverId from FailoverEntity f where f.state in ?3)""", nodeId,
                List.of(GroupOutcome.PLANNED, GroupOutcome.IN_PROGRESS),
                List.of(FailoverState.PLANNED, FailoverState.RUNNING)) > 0;
    }
}
