package io.hacluster.inventory.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class FailoverStepRepository implements PanacheRepositoryBase<FailoverStepEntity, Long> {

    /** A failover's steps in the order they were received. */
    public List<FailoverStepEntity> ofFailover(String failoverId) {
        return list("failoverId", Sort.by("id"), failoverId);
    }
}
