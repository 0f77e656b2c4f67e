package io.hacluster.inventory.persistence;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.hacluster.events.serde.EventCodec;

/** JSON text columns (lists and small records), written with the wire format's mapper. */
public final class Json {

    private Json() {
    }

    public static String write(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value == null ? List.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON column: " + e.getMessage(), e);
        }
    }

    public static <T> T read(String text, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(text == null || text.isBlank() ? "[]" : text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read JSON column: " + e.getMessage(), e);
        }
    }
}
