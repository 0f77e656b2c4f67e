package io.hacluster.events.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be read as an event. Consumers let the connector park such a record in the topic's
 * dead-letter topic ({@code <topic>-dlq}); it never stops a consumer.
 */
public class MalformedEventException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
