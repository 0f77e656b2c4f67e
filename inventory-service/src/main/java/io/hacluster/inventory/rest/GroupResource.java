package io.hacluster.inventory.rest;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

import io.hacluster.events.DesiredState;
import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.GroupState;
import io.hacluster.inventory.domain.PageRequest;
import io.hacluster.inventory.domain.Rejection;
import io.hacluster.inventory.persistence.GroupEntity;
import io.hacluster.inventory.persistence.GroupRepository;
import io.hacluster.inventory.persistence.OperatorRequestRepository;

@Path("/api/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "groups", description = "The group registry, where each group runs, its failures, and the operator's moves, stops, starts and clears")
public class GroupResource {

    @Inject
    GroupRepository groups;
    @Inject
    OperatorRequestRepository requests;
    @Inject
    ViewAssembler views;
    @Inject
    Commands commands;
    @Inject
    Bodies bodies;
    @Inject
    InventoryConfig config;

    @GET
    @Operation(summary = "Groups, by id, optionally only those in one state, of one desired state or on one node")
    @APIResponse(responseCode = "200", description = "One page of groups")
    @APIResponse(responseCode = "400", description = "A bad page, size, state, desired state or node id")
    public Views.Page<Views.Group> list(
            @Parameter(description = "ONLINE, DEGRADED, MOVING, RESTARTING, OFFLINE, UNPLACEABLE, STOPPING or STOPPED") @QueryParam("state") String state,
            @Parameter(description = "ONLINE, OFFLINE or UNMANAGED") @QueryParam("desiredState") String desiredState,
            @Parameter(description = "only the groups on this node") @QueryParam("nodeId") String nodeId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        GroupRepository.Filter f = new GroupRepository.Filter(Params.enumeration("state", state, GroupState.class),
                Params.enumeration("desiredState", desiredState, DesiredState.class), Params.id("nodeId", nodeId));
        PageRequest p = Params.page(page, size, config);
        return new Views.Page<>(groups.page(f, p).stream().map(views::group).toList(), p.page(), p.size(),
                groups.count(f));
    }

    @GET
    @Path("/{groupId}")
    @Operation(summary = "One group: its definition, state, current node and containers")
    @APIResponse(responseCode = "200", description = "The group")
    @APIResponse(responseCode = "404", description = "No such group")
    public Views.Group get(@PathParam("groupId") String groupId) {
        return views.group(find(groupId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Define a group; placement offers it a node for its first start")
    @APIResponse(responseCode = "201", description = "Defined and published to cluster-admin")
    @APIResponse(responseCode = "400", description = "A rule broken; the problem names the fields")
    @APIResponse(responseCode = "409", description = "The group exists, or its volume or a container id is taken")
    public Response create(Requests.Group body) {
        if (body == null) {
            throw Rejection.invalid("body", "a group definition is required");
        }
        commands.createGroup(body.draft(body.groupId()));
        return Response.created(URI.create("/api/v1/groups/" + body.groupId()))
                .entity(views.group(find(body.groupId()))).build();
    }

    @PUT
    @Path("/{groupId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a group's definition")
    @APIResponse(responseCode = "200", description = "Changed (and published), or unchanged")
    @APIResponse(responseCode = "400", description = "A rule broken; the problem names the fields")
    @APIResponse(responseCode = "404", description = "No such group")
    @APIResponse(responseCode = "409", description = "Its new volume or a container id is taken, or its volume "
            + "would change while mounted")
    public Views.Group change(@PathParam("groupId") String groupId, Requests.Group body) {
        if (body == null) {
            throw Rejection.invalid("body", "a group definition is required");
        }
        commands.changeGroup(groupId, body.draft(body.groupId()));
        return views.group(find(groupId));
    }

    @DELETE
    @Path("/{groupId}")
    @Operation(summary = "Remove a group; its containers are stopped and its volume released")
    @APIResponse(responseCode = "204", description = "Removed and published")
    @APIResponse(responseCode = "404", description = "No such group")
    @APIResponse(responseCode = "409", description = "The group is moving")
    public Response remove(@PathParam("groupId") String groupId) {
        commands.removeGroup(groupId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{groupId}/move")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Requests.Move.class)), required = false)
    @Operation(summary = "Move a group to a named node, or (no target) wherever placement chooses")
    @APIResponse(responseCode = "202", description = "Accepted; follow the request at the Location")
    @APIResponse(responseCode = "400", description = "A bad target node id")
    @APIResponse(responseCode = "404", description = "No such group")
    @APIResponse(responseCode = "409", description = "The group is moving, or the target is unknown, not ACTIVE, "
            + "already hosts it or is not a possible owner")
    public Response move(@PathParam("groupId") String groupId, String body) {
        Requests.Move move = bodies.optional(body, Requests.Move.class);
        String requestId = commands.move(groupId, move == null ? null : move.targetNodeId(),
                move == null ? null : move.requestedBy());
        return RequestResource.accepted(views.request(requests.findById(requestId)));
    }

    @POST
    @Path("/{groupId}/stop")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Requests.GroupAction.class)), required = false)
    @Operation(summary = "Stop a group and keep it stopped (desired state OFFLINE); it is not started by failover")
    @APIResponse(responseCode = "202", description = "Accepted; the request completes once the group runs nowhere")
    @APIResponse(responseCode = "400", description = "A bad requestedBy or body")
    @APIResponse(responseCode = "404", description = "No such group")
    @APIResponse(responseCode = "409", description = "Its desired state is OFFLINE already")
    public Response stop(@PathParam("groupId") String groupId, String body) {
        return desire(groupId, DesiredState.OFFLINE, body);
    }

    @POST
    @Path("/{groupId}/start")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Requests.GroupAction.class)), required = false)
    @Operation(summary = "Run a group (desired state ONLINE): start a stopped group, manage an unmanaged one again")
    @APIResponse(responseCode = "202", description = "Accepted; the request completes once the group is ONLINE")
    @APIResponse(responseCode = "400", description = "A bad requestedBy or body")
    @APIResponse(responseCode = "404", description = "No such group")
    @APIResponse(responseCode = "409", description = "Its desired state is ONLINE already")
    public Response start(@PathParam("groupId") String groupId, String body) {
        return desire(groupId, DesiredState.ONLINE, body);
    }

    @POST
    @Path("/{groupId}/unmanage")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Requests.GroupAction.class)), required = false)
    @Operation(summary = "Leave a group alone (desired state UNMANAGED): the cluster neither starts, stops nor moves "
            + "it until it is started again")
    @APIResponse(responseCode = "202", description = "Accepted and completed")
    @APIResponse(responseCode = "400", description = "A bad requestedBy or body")
    @APIResponse(responseCode = "404", description = "No such group")
    @APIResponse(responseCode = "409", description = "It is unmanaged already")
    public Response unmanage(@PathParam("groupId") String groupId, String body) {
        return desire(groupId, DesiredState.UNMANAGED, body);
    }

    @POST
    @Path("/{groupId}/clear")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Requests.Clear.class)), required = false)
    @Operation(summary = "Clear a group's failure history, on one node or on every node, so that the nodes it "
            + "avoided may take it again at once")
    @APIResponse(responseCode = "202", description = "Accepted and completed; published to cluster-admin")
    @APIResponse(responseCode = "400", description = "A bad node id, requestedBy or body")
    @APIResponse(responseCode = "404", description = "No such group")
    public Response clear(@PathParam("groupId") String groupId, String body) {
        Requests.Clear clear = bodies.optional(body, Requests.Clear.class);
        String requestId = commands.clearFailures(groupId, clear == null ? null : clear.nodeId(),
                clear == null ? null : clear.requestedBy());
        return RequestResource.accepted(views.request(requests.findById(requestId)));
    }

    private Response desire(String groupId, DesiredState wanted, String body) {
        Requests.GroupAction action = bodies.optional(body, Requests.GroupAction.class);
        String requestId = commands.desire(groupId, wanted, action == null ? null : action.requestedBy());
        return RequestResource.accepted(views.request(requests.findById(requestId)));
    }

    private GroupEntity find(String groupId) {
        GroupEntity g = groups.findById(groupId);
        if (g == null) {
            throw Rejection.notFound("group", groupId);
        }
        return g;
    }
}
