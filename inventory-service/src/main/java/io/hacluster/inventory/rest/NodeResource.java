package io.hacluster.inventory.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.NodeState;
import io.hacluster.inventory.domain.PageRequest;
import io.hacluster.inventory.domain.Rejection;
import io.hacluster.inventory.persistence.NodeEntity;
import io.hacluster.inventory.persistence.NodeRepository;
import io.hacluster.inventory.persistence.OperatorRequestRepository;

@Path("/api/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "nodes", description = "Nodes: state, capacity, what they host; drain and resume")
public class NodeResource {

    @Inject
    NodeRepository nodes;
    @Inject
    ViewAssembler views;
    @Inject
    Commands commands;
    @Inject
    Bodies bodies;
    @Inject
    InventoryConfig config;
    @Inject
    OperatorRequestRepository requests;

    @GET
    @Operation(summary = "Nodes, by id, optionally only those in one state")
    @APIResponse(responseCode = "200", description = "One page of nodes")
    @APIResponse(responseCode = "400", description = "A bad page, size or state")
    public Views.Page<Views.Node> list(
            @Parameter(description = "ACTIVE, SUSPECT, ISOLATED, FROZEN, UNKNOWN, FAILED, DRAINING or MAINTENANCE") @QueryParam("state") String state,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        NodeState s = Params.enumeration("state", state, NodeState.class);
        PageRequest p = Params.page(page, size, config);
        return new Views.Page<>(nodes.page(s, p).stream().map(views::node).toList(), p.page(), p.size(),
                nodes.count(s));
    }

    @GET
    @Path("/{nodeId}")
    @Operation(summary = "One node")
    @APIResponse(responseCode = "200", description = "The node")
    @APIResponse(responseCode = "404", description = "No such node")
    public Views.Node get(@PathParam("nodeId") String nodeId) {
        return views.node(find(nodeId));
    }

    @POST
    @Path("/{nodeId}/drain")
    @Operation(summary = "Drain a node for maintenance: its groups move away in order, then it stays in maintenance")
    @APIResponse(responseCode = "202", description = "Accepted; follow the request at the Location")
    @APIResponse(responseCode = "404", description = "No such node")
    @APIResponse(responseCode = "409", description = "The node is not ACTIVE, or it is the last node that could run "
            + "some group it hosts (drain with \"force\": true to drain anyway)")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Requests.NodeAction.class)), required = false)
    public Response drain(@PathParam("nodeId") String nodeId, String body) {
        Requests.NodeAction action = bodies.optional(body, Requests.NodeAction.class);
        String requestId = commands.drain(nodeId, action == null ? null : action.requestedBy(),
                action != null && Boolean.TRUE.equals(action.force()));
        return RequestResource.accepted(views.request(requests.findById(requestId)));
    }

    @POST
    @Path("/{nodeId}/resume")
    @Operation(summary = "Return a draining or maintained node to service")
    @APIResponse(responseCode = "202", description = "Accepted; follow the request at the Location")
    @APIResponse(responseCode = "404", description = "No such node")
    @APIResponse(responseCode = "409", description = "The node is neither draining nor in maintenance")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Requests.NodeAction.class)), required = false)
    public Response resume(@PathParam("nodeId") String nodeId, String body) {
        Requests.NodeAction action = bodies.optional(body, Requests.NodeAction.class);
        if (action != null && action.force() != null) {
            throw Rejection.invalid("force", "applies only to a drain");
        }
        String requestId = commands.resume(nodeId, action == null ? null : action.requestedBy());
        return RequestResource.accepted(views.request(requests.findById(requestId)));
    }

    private NodeEntity find(String nodeId) {
        NodeEntity n = nodes.findById(nodeId);
        if (n == null) {
            throw Rejection.notFound("node", nodeId);
        }
        return n;
    }
}
