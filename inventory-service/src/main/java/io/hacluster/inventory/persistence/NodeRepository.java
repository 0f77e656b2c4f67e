package io.hacluster.inventory.persistence;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.inventory.domain.NodeState;
import io.hacluster.inventory.domain.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class NodeRepository implements PanacheRepositoryBase<NodeEntity, String> {

    public List<NodeEntity> page(NodeState state, PageRequest page) {
        var query = state == null ? findAll(Sort.by("nodeId")) : find("state", Sort.by("nodeId"), state);
        return query.page(Page.of(page.page(), page.size())).list();
    }

    public long count(NodeState state) {
        return state == null ? count() : count("state", state);
    }

    /** How many nodes are in each state; every state is present. */
    public Map<NodeState, Long> countByState() {
        Map<NodeState, Long> counts = new EnumMap<>(NodeState.class);
        for (NodeState s : NodeState.values()) {
            counts.put(s, 0L);
        }
        List<Object[]> rows = getEntityManager()
                .createQuery("select n.state, count(n) from NodeEntity n group by n.state", Object[].class)
                .getResultList();
        for (Object[] row : rows) {
            counts.put((NodeState) row[0], (Long) row[1]);
        }
        return counts;
    }
}
