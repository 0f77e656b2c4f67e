package io.hacluster.inventory.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class FencingAttemptRepository implements PanacheRepositoryBase<FencingAttemptEntity, Long> {

    /** A failover's fencing attempts in the order they were tried. */
    public List<FencingAttemptEntity> ofFailover(String failoverId) {
        return list("failoverId", Sort.by("id"), failoverId);
    }
}
