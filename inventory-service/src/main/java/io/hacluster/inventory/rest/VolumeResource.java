package io.hacluster.inventory.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.PageRequest;
import io.hacluster.inventory.domain.Rejection;

@Path("/api/v1/volumes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "volumes", description = "Shared volumes, where they are mounted and under which fencing epoch")
public class VolumeResource {

    @Inject
    ViewAssembler views;
    @Inject
    InventoryConfig config;

    @GET
    @Operation(summary = "Volumes of the registry and any a node reports, by id")
    @APIResponse(responseCode = "200", description = "One page of volumes")
    @APIResponse(responseCode = "400", description = "A bad page or size")
    public Views.Page<Views.Volume> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest p = Params.page(page, size, config);
        List<String> ids = views.volumeIds();
        List<Views.Volume> items = ids.stream().skip(p.offset()).limit(p.size()).map(views::volume).toList();
        return new Views.Page<>(items, p.page(), p.size(), ids.size());
    }

    @GET
    @Path("/{volumeId}")
    @Operation(summary = "One volume: its group and the nodes that report it mounted")
    @APIResponse(responseCode = "200", description = "The volume")
    @APIResponse(responseCode = "404", description = "Neither the registry nor any node knows it")
    public Views.Volume get(@PathParam("volumeId") String volumeId) {
        Views.Volume v = views.volume(volumeId);
        if (v == null) {
            throw Rejection.notFound("volume", volumeId);
        }
        return v;
    }
}
