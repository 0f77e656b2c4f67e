package io.hacluster.inventory.domain;

import java.util.Objects;

/**
 * Why an operator's request conflicts with the cluster's state.
 *
 * @param field the request field it concerns, or null when it concerns the request as a whole
 * @param message what conflicts, in words for the operator
 */
public record Refusal(String field, String message) {

    public Refusal {
        Objects.requireNonNull(message, "message");
    }
}
