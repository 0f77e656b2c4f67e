package io.hacluster.inventory.persistence;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

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

    public List<GroupEntity> page(GroupState state, String nodeId, PageRequest page) {
        Filter f = filter(state, nodeId);
        var query = f.query().isEmpty() ? findAll(Sort.by("groupId")) : find(f.query(), Sort.by("groupId"), f.params());
        return query.page(Page.of(page.page(), page.size())).list();
    }

    public long count(GroupState state, String nodeId) {
        Filter f = filter(state, nodeId);
        return f.query().isEmpty() ? count() : count(f.query(), f.params());
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

    private record Filter(String query, Map<String, Object> params) {
    }

    private static Filter filter(GroupState state, String nodeId) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (state != null) {
            clauses.add("state = :state");
            params.put("state", state);
        }
        if (nodeId != null) {
            clauses.add("currentNodeId = :node");
            params.put("node", nodeId);
        }
        return new Filter(String.join(" and ", clauses), params);
    }
}
