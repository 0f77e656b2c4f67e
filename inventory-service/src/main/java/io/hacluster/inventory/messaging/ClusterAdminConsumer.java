package io.hacluster.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.inventory.persistence.AdminWriter;
import io.smallrye.common.annotation.Blocking;

/**
 * Receives registry changes and operator requests. Those this inventory published are already in its history and
 * change nothing; those of other publishers (the executor's re-plan requests, another tool, a replay after a rebuild)
 * are applied.
 */
@ApplicationScoped
public class ClusterAdminConsumer {

    @Inject
    EventApplier applier;
    @Inject
    AdminWriter admin;

    @Incoming(Topics.CLUSTER_ADMIN)
    @Blocking
    public void onAdmin(Envelope<?> envelope) {
        applier.apply(envelope, Topics.CLUSTER_ADMIN, AdminEvent.class,
                (e, event, now) -> admin.apply(event, e.source(), e.occurredAt(), now));
    }
}
