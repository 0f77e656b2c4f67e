package io.hacluster.inventory.rest;

import java.time.Clock;
import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.ConsumerLag;
import io.hacluster.inventory.domain.MonitorHearing;
import io.hacluster.inventory.messaging.ConsumerLagProbe;
import io.hacluster.inventory.persistence.ContainerReportRepository;
import io.hacluster.inventory.persistence.ContainerRepository;
import io.hacluster.inventory.persistence.FailoverRepository;
import io.hacluster.inventory.persistence.GroupRepository;
import io.hacluster.inventory.persistence.MonitorAlertRepository;
import io.hacluster.inventory.persistence.NodeRepository;
import io.hacluster.inventory.persistence.OutboxRepository;

@Path("/api/v1/cluster")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cluster", description = "The cluster at a glance")
public class ClusterResource {

    @Inject
    NodeRepository nodes;
    @Inject
    GroupRepository groups;
    @Inject
    ContainerRepository containers;
    @Inject
    ContainerReportRepository reports;
    @Inject
    FailoverRepository failovers;
    @Inject
    MonitorAlertRepository alerts;
    @Inject
    OutboxRepository outbox;
    @Inject
    ConsumerLagProbe lag;
    @Inject
    InventoryConfig config;
    @Inject
    Clock clock;
    @Inject
    ViewAssembler views;

    @GET
    @Operation(summary = "Nodes by state, groups by state, containers, failovers in progress, monitor alerts, "
            + "whether the monitor is at work, how far behind the inventory's consumers are")
    @APIResponse(responseCode = "200", description = "The summary")
    public Views.Cluster summary() {
        return new Views.Cluster(new Views.Counts<>(nodes.count(), nodes.countByState()),
                new Views.Counts<>(groups.count(), groups.countByState()),
                new Views.ContainerCounts(containers.count(), reports.countRunning()),
                failovers.inProgress().stream().map(views::failoverSummary).toList(),
                alerts.active().stream().map(views::alert).toList(), outbox.countPending(), monitor(), consumers());
    }

    private Views.Monitor monitor() {
        MonitorHearing.Hearing h = lag.monitor(clock.instant());
        return new Views.Monitor(config.monitor().groupId(), h.state(), h.lastSeenAt(), h.measuredAt(), h.members(),
                h.heartbeatsBehind(), h.reason());
    }

    private Views.Consumers consumers() {
        ConsumerLag.Measurement m = lag.last();
        Long age = m.measuredAt() == null
                ? null
                : Math.max(0, Duration.between(m.measuredAt(), clock.instant())
                        .toMillis());
        return new Views.Consumers(config.consumers().groupId(), m.measuredAt(), age, m.behind(), m.total(),
                m.error());
    }
}
