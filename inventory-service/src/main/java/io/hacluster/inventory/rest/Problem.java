package io.hacluster.inventory.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.hacluster.inventory.domain.FieldError;

/**
 * An RFC 9457 problem document, served as {@code application/problem+json}.
 *
 * @param type what kind of problem, a URN: {@code urn:ha-cluster:problem:invalid-request}, {@code ...:not-found},
 *        {@code ...:conflict}, {@code ...:method-not-allowed}, {@code ...:payload-too-large}, {@code ...:uri-too-long},
 *        {@code ...:unsupported-media-type}, {@code ...:not-acceptable}, {@code ...:unavailable},
 *        {@code ...:internal-error}; another status that the HTTP layer answers is {@code ...:http-<status>}
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
    public static final String UNAVAILABLE = "urn:ha-cluster:problem:unavailable";
    public static final String INTERNAL = "urn:ha-cluster:problem:internal-error";

    public static Problem invalid(String detail, String instance, List<FieldError> errors) {
        return new Problem(INVALID, "Invalid request", 400, detail, instance, errors);
    }

    public static Problem notFound(String detail, String instance) {
        return new Problem(NOT_FOUND, "Not found", 404, detail, instance, List.of());
    }

    public static Problem conflict(String detail, String instance, List<FieldError> errors) {
        return new Problem(CONFLICT, "Conflict with the cluster's state", 409, detail, instance, errors);
    }

    /** The database does not answer: the request may succeed when it is tried again. */
    public static Problem unavailable(String detail, String instance) {
        return new Problem(UNAVAILABLE, "Service unavailable", 503, detail, instance, List.of());
    }

    /** A failure of the inventory itself; the log has the rest. */
    public static Problem internal(String detail, String instance) {
        return new Problem(INTERNAL, "Internal error", 500, detail, instance, List.of());
    }

    /** A problem the HTTP layer finds before any resource reads the request: wrong method, size or media type. */
    public static Problem http(int status, String detail, String instance) {
        String[] kind = switch (status) {
            case 405 -> new String[]{"method-not-allowed", "Method not allowed"};
            case 406 -> new String[]{"not-acceptable", "Not acceptable"};
            case 413 -> new String[]{"payload-too-large", "Content too large"};
            case 414 -> new String[]{"uri-too-long", "URI too long"};
            case 415 -> new String[]{"unsupported-media-type", "Unsupported media type"};
            default -> new String[]{"http-" + status,
                    Response.Status.Family.familyOf(status) == Response.Status.Family.SERVER_ERROR
                            ? "Server error"
                            : "Client error"};
        };
        return new Problem("urn:ha-cluster:problem:" + kind[0], kind[1], status, detail, instance, List.of());
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
