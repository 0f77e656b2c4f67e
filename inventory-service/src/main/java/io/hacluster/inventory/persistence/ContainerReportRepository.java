package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.events.ContainerState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class ContainerReportRepository implements PanacheRepositoryBase<ContainerReport, Long> {

    public List<ContainerReport> ofNode(String nodeId) {
        return list("nodeId", Sort.by("containerId"), nodeId);
    }

    /** Every node's report of a container, newest first. */
    public List<ContainerReport> ofContainer(String containerId) {
        return list("containerId", Sort.descending("reportedAt").and("nodeId"), containerId);
    }

    public List<ContainerReport> ofContainers(Collection<String> containerIds) {
        return containerIds.isEmpty()
                ? List.of()
                : list("containerId in ?1", Sort.descending("reportedAt").and("nodeId"), containerIds);
    }

    public ContainerReport find(String nodeId, String containerId) {
        return find("nodeId = ?1 and containerId = ?2", nodeId, containerId).firstResult();
    }

    /** Forgets what a node reported up to {@code upTo}; newer evidence (a later relocation) stays. */
    public long forgetNode(String nodeId, Instant upTo) {
        return delete("nodeId = ?1 and reportedAt <= ?2", nodeId, upTo);
    }

    public long forgetNode(String nodeId) {
        return delete("nodeId", nodeId);
    }

    /** Forgets other nodes' reports of these containers up to {@code upTo}: the containers moved. */
    public long forgetElsewhere(Collection<String> containerIds, String nodeId, Instant upTo) {
        return containerIds.isEmpty()
                ? 0
                : delete("containerId in ?1 and nodeId <> ?2 and reportedAt <= ?3", containerIds, nodeId, upTo);
    }

    /** Records a report unless a newer one of the same container on the same node is held. */
    public void record(String nodeId, String containerId, String groupId, ContainerState state, String detail,
            Instant at) {
        ContainerReport r = find(nodeId, containerId);
        if (r == null) {
            r = new ContainerReport();
            r.nodeId = nodeId;
            r.containerId = containerId;
        } else if (r.reportedAt.isAfter(at)) {
            return;
        }
        r.groupId = groupId;
        r.state = state;
        r.detail = detail != null && detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        r.reportedAt = at;
        if (r.id == null) {
            persist(r);
        }
    }

    public long countRunning() {
        return count("state", ContainerState.RUNNING);
    }
}
