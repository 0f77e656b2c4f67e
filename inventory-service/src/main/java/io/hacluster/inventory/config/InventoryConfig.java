package io.hacluster.inventory.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the inventory service, prefix {@code inventory}. */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    /** Items per page when a list request names no size. */
    @WithDefault("50")
    @Min(1)
    @Max(1000)
    int defaultPageSize();

    /** The largest page a list request may ask for. */
    @WithDefault("500")
    @Min(1)
    @Max(10000)
    int maxPageSize();

    /** This instance's name in the {@code source} of the events it publishes: {@code inventory-service/<id>}. */
    @WithDefault("1")
    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 letters, digits, '.', '_' or '-'")
    String instanceId();

    /** Publishing of registry changes and operator requests to cluster-admin. */
    Outbox outbox();

    /** The event history. */
    History history();

    /** The REST API's HTTP limits (the body's is Quarkus' {@code quarkus.http.limits.max-body-size}). */
    Http http();

    /** When a node counts as no longer heard, and how often that is checked. */
    Nodes nodes();

    /** The storage witness, read for the nodes no status comes from. */
    Witness witness();

    /** How far behind the inventory's own consumers are, for the cluster summary. */
    Consumers consumers();

    /** How the health monitor is seen at work, for the cluster summary. */
    Monitor monitor();

    interface Consumers {

        /** The consumer group of every incoming channel (their {@code group.id}). */
        @WithDefault("inventory-service")
        String groupId();

        /** How often the group's lag is measured: a duration, or {@code off}. */
        @WithDefault("5s")
        String lagInterval();

        /** How long one measurement waits for the broker before it reports that it could not measure. */
        @WithDefault("2s")
        Duration lagTimeout();
    }

    interface Monitor {

        /** The monitor's consumer group on the heartbeats: its members are the monitor instances at work. */
        @WithDefault("health-monitor")
        String groupId();
    }

    interface Nodes {

        /**
         * A node none of whose statuses reached the inventory for this long is no longer heard (UNKNOWN, or what a
         * fresh witness slot shows): agents report at least every {@code agent.status-interval} (5 s), so three
         * intervals by default.
         */
        @WithDefault("15s")
        Duration unheardAfter();

        /** How often nodes are checked for silence: a duration, or {@code off}. */
        @WithDefault("1s")
        String checkInterval();
    }

    interface Witness {

        /** The shared storage root (slots in {@code <root>/.witness/<node>.json}); unset: the witness is not read. */
        java.util.Optional<String> root();

        /** A slot whose seq has not changed for this long, on the inventory's monotonic clock, is stale. */
        @WithDefault("1500ms")
        Duration timeout();
    }

    interface Outbox {

        /** How often pending events are published when no request triggered it (after a restart or an outage). */
        @WithDefault("1s")
        String interval();

        /** How long one publication waits for the broker's acknowledgement. */
        @WithDefault("10s")
        Duration ackTimeout();

        /** How long published events are kept in the outbox table, for inspection. */
        @WithDefault("7d")
        Duration retention();
    }

    interface History {

        /**
         * How long node statuses (sent every few seconds by every node) stay in the history; every other event stays
         * for good.
         */
        @WithDefault("1d")
        Duration statusRetention();

        /** How often old statuses and published outbox entries are pruned. */
        @WithDefault("1h")
        String pruneInterval();
    }

    interface Http {

        /**
         * The longest request URI (path and query) the API takes; a longer one is answered 414 with a problem. Keep
         * it below {@code quarkus.http.limits.max-initial-line-length}, past which the HTTP decoder answers 414
         * itself, without a body.
         */
        @WithDefault("4096")
        @Min(256)
        @Max(60000)
        int maxUriLength();

        /** What a 503 (the database does not answer) tells the client in {@code Retry-After}, in whole seconds. */
        @WithDefault("5s")
        Duration retryAfter();
    }
}
