package io.hacluster.inventory.domain;

import java.util.Objects;

/**
 * One rule a request breaks.
 *
 * @param field the offending field, as a path into the request: {@code containers[1].memoryMb}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
