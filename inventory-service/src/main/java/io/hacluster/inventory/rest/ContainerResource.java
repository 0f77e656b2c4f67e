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
import io.hacluster.inventory.domain.PageRequest;
import io.hacluster.inventory.domain.Rejection;
import io.hacluster.inventory.persistence.ContainerEntity;
import io.hacluster.inventory.persistence.ContainerRepository;

@Path("/api/v1/containers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "containers", description = "Containers of the registry and where they run")
public class ContainerResource {

    @Inject
    ContainerRepository containers;
    @Inject
    ViewAssembler views;
    @Inject
    InventoryConfig config;

    @GET
    @Operation(summary = "Containers by group, in start order, optionally only those of one group")
    @APIResponse(responseCode = "200", description = "One page of containers")
    @APIResponse(responseCode = "400", description = "A bad page, size or group id")
    public Views.Page<Views.Container> list(
            @Parameter(description = "only the containers of this group") @QueryParam("groupId") String groupId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        String group = Params.id("groupId", groupId);
        PageRequest p = Params.page(page, size, config);
        return new Views.Page<>(containers.page(group, p).stream().map(views::container).toList(), p.page(),
                p.size(), containers.count(group));
    }

    @GET
    @Path("/{containerId}")
    @Operation(summary = "One container: where it runs, and every node's report of it")
    @APIResponse(responseCode = "200", description = "The container")
    @APIResponse(responseCode = "404", description = "No such container in the registry")
    public Views.Container get(@PathParam("containerId") String containerId) {
        ContainerEntity c = containers.findById(containerId);
        if (c == null) {
            throw Rejection.notFound("container", containerId);
        }
        return views.container(c);
    }
}
