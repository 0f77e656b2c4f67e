package io.hacluster.events;

/**
 * An event of a type this reader does not know, from a newer writer. Readers skip it: schemas evolve additively.
 *
 * @param type its type name
 * @param recordKey its record key, if known
 * @param recordTopic its topic, if known
 */
public record UnknownEvent(String type, String recordKey, String recordTopic) implements EventPayload {

    @Override
    public String key() {
        return recordKey;
    }

    @Override
    public String topic() {
        return recordTopic;
    }
}
