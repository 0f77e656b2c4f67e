package io.hacluster.placement.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Failover ids are derived from the cause, so that a cause replayed anywhere yields the same failover id. */
public final class FailoverIds {

    private FailoverIds() {
    }

    /** The failover id of the plan that answers the event {@code causeEventId}. */
    public static String fromCause(String causeEventId) {
        return "fo-" + UUID.nameUUIDFromBytes(("plan:" + causeEventId).getBytes(StandardCharsets.UTF_8));
    }
}
