package io.hacluster.inventory.rest;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.hacluster.inventory.domain.Rejection;
import io.hacluster.inventory.persistence.OperatorRequestEntity;
import io.hacluster.inventory.persistence.OperatorRequestRepository;

@Path("/api/v1/requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "requests", description = "The operator's drain, resume and move requests, and how they went")
public class RequestResource {

    @Inject
    OperatorRequestRepository requests;
    @Inject
    ViewAssembler views;

    @GET
    @Path("/{requestId}")
    @Operation(summary = "One request: ACCEPTED, PLANNED (see its failover), COMPLETED or FAILED")
    @APIResponse(responseCode = "200", description = "The request")
    @APIResponse(responseCode = "404", description = "No such request")
    public Views.Request get(@PathParam("requestId") String requestId) {
        OperatorRequestEntity r = requests.findById(requestId);
        if (r == null) {
            throw Rejection.notFound("request", requestId);
        }
        return views.request(r);
    }

    /** The answer to an accepted request: 202, the request itself, and where to follow it. */
    static Response accepted(Views.Request request) {
        return Response.accepted(request).location(uri(request.requestId())).build();
    }

    static URI uri(String requestId) {
        return URI.create("/api/v1/requests/" + requestId);
    }
}
