package io.hacluster.inventory.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.hacluster.events.EventTypes;
import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.PageRequest;
import io.hacluster.inventory.domain.Rejection;
import io.hacluster.inventory.persistence.HistoryRepository;

@Path("/api/v1/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "history", description = "Every event the inventory applied, with what it changed")
public class HistoryResource {

    @Inject
    HistoryRepository history;
    @Inject
    ViewAssembler views;
    @Inject
    InventoryConfig config;

    @GET
    @Operation(summary = "Events, newest first, optionally only those of one record key (node, group or failover "
            + "id) and/or one type")
    @APIResponse(responseCode = "200", description = "One page of events")
    @APIResponse(responseCode = "400", description = "A bad page, size, key or type")
    public Views.Page<Views.HistoryEntry> list(
            @Parameter(description = "a node, group or failover id") @QueryParam("key") String key,
            @Parameter(description = "an event type, e.g. NodeFailed") @QueryParam("type") String type,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        String k = key == null || key.isEmpty() ? null : key;
        if (k != null && k.length() > 256) {
            throw Rejection.invalid("key", "must be at most 256 characters");
        }
        String t = type == null || type.isEmpty() ? null : type;
        if (t != null && EventTypes.byName(t).isEmpty()) {
            throw Rejection.invalid("type", "is not an event type: '" + t + "'");
        }
        PageRequest p = Params.page(page, size, config);
        return new Views.Page<>(history.page(k, t, p).stream().map(views::history).toList(), p.page(), p.size(),
                history.count(k, t));
    }
}
