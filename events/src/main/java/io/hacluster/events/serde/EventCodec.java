package io.hacluster.events.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.EventTypes;
import io.hacluster.events.UnknownEvent;

/**
 * JSON encoding of envelopes. Readers ignore fields they do not know and accept any schema version (schemas evolve
 * additively); an event type they do not know is read as {@link UnknownEvent}; anything else that cannot be read
 * raises {@link MalformedEventException} with a message that says what is wrong.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private EventCodec() {
    }

    /** The mapper the wire format uses, for tests and tools that read raw JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Envelope<?> envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode event " + envelope.type() + ": " + e.getMessage(), e);
        }
    }

    public static String encodeToString(Envelope<?> envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    /** Reads one envelope; {@code topic} and {@code key} only improve error messages and {@link UnknownEvent}. */
    public static Envelope<?> decode(byte[] data, String topic, String key) {
        if (data == null || data.length == 0) {
            throw new MalformedEventException(where(topic) + "empty record");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(where(topic) + "not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException(where(topic) + "unreadable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException(where(topic) + "not a JSON object");
        }
        String eventId = requiredText(root, "eventId", topic);
        String type = requiredText(root, "type", topic);
        String source = requiredText(root, "source", topic);
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
            throw new MalformedEventException(where(topic) + "event " + eventId + ": schemaVersion missing or not a "
                    + "positive integer");
        }
        Instant occurredAt;
        try {
            occurredAt = MAPPER.treeToValue(root.get("occurredAt"), Instant.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException(where(topic) + "event " + eventId + ": occurredAt is not a timestamp", e);
        }
        if (occurredAt == null) {
            throw new MalformedEventException(where(topic) + "event " + eventId + ": occurredAt missing");
        }
        JsonNode payloadNode = root.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            throw new MalformedEventException(where(topic) + "event " + eventId + " (" + type + "): payload missing");
        }
        var registered = EventTypes.byName(type);
        if (registered.isEmpty()) {
            return new Envelope<>(eventId, type, version.asInt(), occurredAt, source, new UnknownEvent(type, key, topic));
        }
        EventPayload payload;
        try {
            payload = MAPPER.treeToValue(payloadNode, registered.get().payloadClass());
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException(where(topic) + "event " + eventId + " (" + type + "): payload invalid: "
                    + rootMessage(e), e);
        }
        return new Envelope<>(eventId, type, version.asInt(), occurredAt, source, payload);
    }

    public static Envelope<?> decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static String requiredText(JsonNode root, String field, String topic) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new MalformedEventException(where(topic) + "envelope field '" + field + "' missing or not a string");
        }
        return node.asText();
    }

    private static String where(String topic) {
        return topic == null ? "" : "[" + topic + "] ";
    }

    private static String rootMessage(Throwable e) {
        if (e instanceof JsonMappingException jme) {
            String path = jme.getPathReference();
            Throwable cause = jme.getCause() != null ? jme.getCause() : jme;
            String message = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
            return message + (path == null ? "" : " at " + path);
        }
        return e.getMessage();
    }
}
