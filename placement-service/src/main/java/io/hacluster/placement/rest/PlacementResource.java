package io.hacluster.placement.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.hacluster.placement.messaging.PlacementService;
import io.hacluster.placement.messaging.PlacementStatus;

/** What this placement instance knows and does. */
@Path("/api/v1/placement")
@Produces(MediaType.APPLICATION_JSON)
public class PlacementResource {

    @Inject
    PlacementService service;

    /** Role (leader, standby, catching up), node states, open reservations, causes waiting for a plan. */
    @GET
    public PlacementStatus status() {
        return service.instance().status();
    }
}
