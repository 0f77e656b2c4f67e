package io.hacluster.events;

/**
 * The body of an event. Every payload names the aggregate it belongs to, which is the Kafka record key, so that
 * the events of one node or one failover stay in order.
 */
public interface EventPayload {

    /** The record key: node id, group id or failover id, depending on the topic. */
    String key();

    /** The topic this payload is published to. */
    String topic();
}
