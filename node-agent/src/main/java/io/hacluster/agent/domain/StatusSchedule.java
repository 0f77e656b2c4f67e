package io.hacluster.agent.domain;

import java.time.Duration;
import java.time.Instant;

/** When a node publishes its status: on every change, and at least every status interval. */
public final class StatusSchedule {

    private final Duration interval;

    public StatusSchedule(Duration interval) {
        this.interval = interval;
    }

    /**
     * @param changed whether the node's state changed since its last published status
     * @param lastPublishedAt when it last published, or null if never
     * @param now the time
     */
    public boolean due(boolean changed, Instant lastPublishedAt, Instant now) {
        return changed || lastPublishedAt == null || !now.isBefore(lastPublishedAt.plus(interval));
    }
}
