package io.hacluster.inventory.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.inventory.domain.FailoverState;
import io.hacluster.inventory.domain.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class FailoverRepository implements PanacheRepositoryBase<FailoverEntity, String> {

    private static final Sort NEWEST_FIRST = Sort.descending("openedAt").and("failoverId", Sort.Direction.Descending);

    /** One page, newest first; optionally only one state, and/or those concerning one node (as source or cause). */
    public List<FailoverEntity> page(FailoverState state, String nodeId, PageRequest page) {
        Filter f = filter(state, nodeId);
        var query = f.query().isEmpty() ? findAll(NEWEST_FIRST) : find(f.query(), NEWEST_FIRST, f.params());
        return query.page(Page.of(page.page(), page.size())).list();
    }

    public long count(FailoverState state, String nodeId) {
        Filter f = filter(state, nodeId);
        return f.query().isEmpty() ? count() : count(f.query(), f.params());
    }

    /** Failovers not ended yet, newest first. */
    public List<FailoverEntity> inProgress() {
        return list("state in ?1", NEWEST_FIRST, List.of(FailoverState.PLANNED, FailoverState.RUNNING));
    }

    public List<FailoverEntity> ofRequest(String requestId) {
        return list("requestId", NEWEST_FIRST, requestId);
    }

    private record Filter(String query, Map<String, Object> params) {
    }

    private static Filter filter(FailoverState state, String nodeId) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (state != null) {
            clauses.add("state = :state");
            params.put("state", state);
        }
        if (nodeId != null) {
            clauses.add("(sourceNodeId = :node or triggerNodeId = :node)");
            params.put("node", nodeId);
        }
        return new Filter(String.join(" and ", clauses), params);
    }
}
