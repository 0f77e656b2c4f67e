package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.PlacementDecision;
import io.hacluster.inventory.domain.GroupFailures;

/**
 * Keeps each group's failure history: the failures placement counted, the newest {@link GroupFailures#RECENT} per
 * node, and the operator's clears. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class FailureWriter {

    private static final Logger LOG = Logger.getLogger(FailureWriter.class);

    @Inject
    GroupFailureRepository failures;

    public String record(PlacementDecision.GroupFailureRecorded r, String eventId, Instant occurredAt, Instant now) {
        Instant at = r.at() != null ? r.at() : occurredAt;
        String what = r.groupId() + " failed on " + r.nodeId() + " (" + r.failuresOnNode() + " of "
                + r.failureThreshold() + "): " + r.reason();
        if (failures.known(r.failureId())) {
            return what + "; failure " + r.failureId() + " was recorded before";
        }
        Instant cleared = failures.clearedUpTo(r.groupId(), r.nodeId());
        if (cleared != null && !at.isAfter(cleared)) {
            return what + "; from before the clear at " + cleared + ", not shown";
        }
        GroupFailureEntity f = new GroupFailureEntity();
        f.failureId = r.failureId();
        f.groupId = r.groupId();
        f.nodeId = r.nodeId();
        f.at = at;
        f.reason = r.reason() != null && r.reason().length() > 1000 ? r.reason().substring(0, 1000) : r.reason();
        f.failuresOnNode = r.failuresOnNode();
        f.failureThreshold = r.failureThreshold();
        f.avoidedUntil = r.avoidedUntil();
        f.eventId = eventId;
        f.receivedAt = now;
        failures.persist(f);
        failures.flush();
        failures.keepNewest(r.groupId(), r.nodeId(), GroupFailures.RECENT);
        String avoided = r.avoidedUntil() == null ? "" : "; " + r.nodeId() + " avoided until " + r.avoidedUntil();
        LOG.infof("group %s: failure on %s (%d of %d): %s%s", r.groupId(), r.nodeId(), r.failuresOnNode(),
                r.failureThreshold(), r.reason(), avoided);
        return what + avoided;
    }

    /** Clears the group's failures on the node (null: every node) up to {@code at}; returns how many went. */
    public long clear(String groupId, String nodeId, Instant at, String requestId) {
        failures.noteClear(groupId, nodeId, at, requestId);
        long gone = failures.forget(groupId, nodeId, at);
        LOG.infof("group %s: failures %s cleared (%s): %d", groupId, nodeId == null ? "on every node" : "on " + nodeId,
                requestId, gone);
        return gone;
    }

    public void forgetGroup(String groupId) {
        failures.forgetGroup(groupId);
    }
}
