package io.hacluster.inventory.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the inventory service, prefix {@code inventory}. */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    /** Items per page when a list request names no size. */
    @WithDefault("50")
    @Min(1)
    @Max(1000)
    int defaultPageSize();

    /** The largest page a list request may ask for. */
    @WithDefault("500")
    @Min(1)
    @Max(10000)
    int maxPageSize();
}
