package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.inventory.domain.Liveness;
import io.hacluster.inventory.domain.NodeState;
import io.hacluster.inventory.domain.PageRequest;
import io.hacluster.inventory.domain.Reports;
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

    /** The key of the advisory lock that drains take, so that two never pass their checks at once. */
    public static final long DRAIN_LOCK = 0x1a7e_0001L;

    /**
     * Waits for, and takes until the end of the caller's transaction, the lock that every drain takes before it
     * checks the cluster's state: two drains (in this instance or another on the same database) are checked one after
     * the other, each seeing what the one before committed.
     */
    public void lockDrains() {
        getEntityManager().createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1)) l")
                .setParameter(1, DRAIN_LOCK).getSingleResult();
    }

    /** The nodes other than {@code nodeId} that could take groups: ACTIVE and not self-fenced. */
    public Set<String> takersOtherThan(String nodeId) {
        return Set.copyOf(getEntityManager().createQuery("select n.nodeId from NodeEntity n where n.state = :active "
                + "and n.selfFenced = false and n.nodeId <> :nodeId", String.class)
                .setParameter("active", NodeState.ACTIVE).setParameter("nodeId", nodeId).getResultList());
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

    /**
     * The nodes whose silence may need judging: those not declared failed whose latest status (or, before any, their
     * first mention) is older than {@code heardBefore}, and those not held as heard.
     */
    public List<NodeEntity> silentOrUnheard(Instant heardBefore) {
        return list("(liveness <> ?1 and coalesce(statusReceivedAt, firstSeenAt) < ?2) or reports <> ?3",
                Liveness.FAILED, heardBefore, Reports.HEARD);
    }
}
