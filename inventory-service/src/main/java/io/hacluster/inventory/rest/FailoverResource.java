package io.hacluster.inventory.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.FailoverState;
import io.hacluster.inventory.domain.PageRequest;
import io.hacluster.inventory.domain.Rejection;
import io.hacluster.inventory.persistence.FailoverEntity;
import io.hacluster.inventory.persistence.FailoverRepository;

@Path("/api/v1/failovers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "failovers", description = "Failovers: cause, timeline, per-group steps, placement's reasons, fencing")
public class FailoverResource {

    @Inject
    FailoverRepository failovers;
    @Inject
    ViewAssembler views;
    @Inject
    InventoryConfig config;

    @GET
    @Operation(summary = "Failovers, newest first, optionally only those in one state or concerning one node")
    @APIResponse(responseCode = "200", description = "One page of failovers")
    @APIResponse(responseCode = "400", description = "A bad page, size, state or node id")
    public Views.Page<Views.FailoverSummary> list(
            @Parameter(description = "PLANNED, RUNNING, COMPLETED or FAILED") @QueryParam("state") String state,
            @Parameter(description = "only those whose source or cause is this node") @QueryParam("nodeId") String nodeId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        FailoverState s = Params.enumeration("state", state, FailoverState.class);
        String node = Params.id("nodeId", nodeId);
        PageRequest p = Params.page(page, size, config);
        return new Views.Page<>(failovers.page(s, node, p).stream().map(views::failoverSummary).toList(), p.page(),
                p.size(), failovers.count(s, node));
    }

    @GET
    @Path("/{failoverId}")
    @Operation(summary = "One failover with its groups, their steps, placement's reasons and the fencing evidence")
    @APIResponse(responseCode = "200", description = "The failover")
    @APIResponse(responseCode = "404", description = "No such failover")
    public Views.Failover get(@PathParam("failoverId") String failoverId) {
        FailoverEntity f = failovers.findById(failoverId);
        if (f == null) {
            throw Rejection.notFound("failover", failoverId);
        }
        return views.failover(f);
    }
}
