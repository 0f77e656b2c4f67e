package io.hacluster.inventory.persistence;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.inventory.domain.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class ContainerRepository implements PanacheRepositoryBase<ContainerEntity, String> {

    /** A group's containers in start order. */
    public List<ContainerEntity> ofGroup(String groupId) {
        return list("groupId", Sort.by("position"), groupId);
    }

    public List<ContainerEntity> withIds(Collection<String> containerIds) {
        return containerIds.isEmpty() ? List.of() : list("containerId in ?1", containerIds);
    }

    /** One page, by group and in start order within each group. */
    public List<ContainerEntity> page(String groupId, PageRequest page) {
        Sort order = Sort.by("groupId").and("position");
        var query = groupId == null ? findAll(order) : find("groupId", order, groupId);
        return query.page(Page.of(page.page(), page.size())).list();
    }

    public long count(String groupId) {
        return groupId == null ? count() : count("groupId", groupId);
    }

    public long deleteOfGroup(String groupId) {
        return delete("groupId", groupId);
    }
}
