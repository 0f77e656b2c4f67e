package io.hacluster.inventory.persistence;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.events.DesiredState;
import io.hacluster.inventory.domain.GroupState;
import io.hacluster.inventory.domain.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class GroupRepository implements PanacheRepositoryBase<GroupEntity, String> {

    public GroupEntity findByVolume(String volumeId) {
        return find("volumeId", volumeId).firstResult();
    }

    /** The groups whose volume is on this node. */
    public List<GroupEntity> onNode(String nodeId) {
        return list("currentNodeId", Sort.by("groupId"), nodeId);
    }

    /**
     * Which groups a list shows; null fields match every group.
     *
     * @param state only groups in this state
     * @param desiredState only groups of this desired state
     * @param nodeId only groups on this node
     */
    public record Filter(GroupState state, DesiredState desiredState, String nodeId) {
    }

    public List<GroupEntity> page(Filter filter, PageRequest page) {
        Query f = query(filter);
        var query = f.text().isEmpty() ? findAll(Sort.by("groupId")) : find(f.text(), Sort.by("groupId"), f.params());
        return query.page(Page.of(page.page(), page.size())).list();
    }

    public long count(Filter filter) {
        Query f = query(filter);
        return f.text().isEmpty() ? count() : count(f.text(), f.params());
    }

    /** How many groups are in each state; every state is present. */
    public Map<GroupState, Long> countByState() {
        Map<GroupState, Long> counts = new EnumMap<>(GroupState.class);
        for (GroupState s : GroupState.values()) {
            counts.put(s, 0L);
        }
        List<Object[]> rows = getEntityManager()
                .createQuery("select g.state, count(g) from GroupEntity g group by g.state", Object[].class)
                .getResultList();
        for (Object[] row : rows) {
            counts.put((GroupState) row[0], (Long) row[1]);
        }
        return counts;
    }

    private record Query(String text, Map<String, Object> params) {
    }

    private static Query query(Filter filter) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.state() != null) {
            clauses.add("state = :state");
            params.put("state", filter.state());
        }
        if (filter.desiredState() != null) {
            clauses.add("desiredState = :desired");
            params.put("desired", filter.desiredState());
        }
        if (filter.nodeId() != null) {
            clauses.add("currentNodeId = :node");
            params.put("node", filter.nodeId());
        }
        return new Query(String.join(" and ", clauses), params);
    }
}
