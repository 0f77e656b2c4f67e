package io.hacluster.inventory.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class MonitorAlertRepository implements PanacheRepositoryBase<MonitorAlertEntity, String> {

    public List<MonitorAlertEntity> active() {
        return list("active", Sort.by("kind"), true);
    }
}
