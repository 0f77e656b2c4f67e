package io.hacluster.inventory.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class GroupFailureClearRepository implements PanacheRepositoryBase<GroupFailureClearEntity, Long> {
}
