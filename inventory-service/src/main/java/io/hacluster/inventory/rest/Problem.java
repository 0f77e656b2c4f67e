package io.hacluster.inventory.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.hacluster.inventory.domain.FieldError;

/**
 * An RFC 9457 problem document, served as {@code application/problem+json}.
 *
 * @param type what kind of problem, a URN: {@code urn:ha-cluster:problem:invalid-request}, {@code ...:not-found},
 *        {@code ...:conflict}
 * @param title the kind in words
 * @param status the HTTP status
 * @param detail this occurrence in words, naming the offending fields
 * @param instance the request path
 * @param errors every offending field with what is wrong with it (an extension member)
 */
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String INVALID = "urn:ha-cluster:problem:invalid-request";
    public static final String NOT_FOUND = "urn:ha-cluster:problem:not-found";
    public static final String CONFLICT = "urn:ha-cluster:problem:conflict";

    public static Problem invalid(String detail, String instance, List<FieldError> errors) {
        return new Problem(INVALID, "Invalid request", 400, detail, instance, errors);
    }

    public static Problem notFound(String detail, String instance) {
        return new Problem(NOT_FOUND, "Not found", 404, detail, instance, List.of());
    }

    public static Problem conflict(String detail, String instance, List<FieldError> errors) {
        return new Problem(CONFLICT, "Conflict with the cluster's state", 409, detail, instance, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
