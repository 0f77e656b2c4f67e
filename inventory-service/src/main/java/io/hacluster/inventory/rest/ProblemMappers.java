package io.hacluster.inventory.rest;

import java.util.List;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.hacluster.inventory.domain.FieldError;
import io.hacluster.inventory.domain.Rejection;

/** Turns every refusal into an RFC 9457 problem document that names the offending fields. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response rejection(Rejection e, UriInfo uri) {
        String path = uri.getPath();
        Problem p = switch (e.kind()) {
            case INVALID -> Problem.invalid(e.getMessage(), path, e.errors());
            case NOT_FOUND -> Problem.notFound(e.getMessage(), path);
            case CONFLICT -> Problem.conflict(e.getMessage(), path, e.errors());
        };
        return p.toResponse();
    }

    /** Wrong types and unknown fields: Quarkus maps these itself; this mapper takes precedence. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatchedBody(MismatchedInputException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        return Problem.invalid(describe(e).toString(), uri.getPath(), List.of(describe(e))).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableOptionalBody(Bodies.UnreadableBody e, UriInfo uri) {
        return unreadableBody(e.json(), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        JsonProcessingException json = find(e, JsonProcessingException.class);
        if (json != null) {
            return unreadableBody(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status == 404) {
            return Problem.notFound("no resource at " + uri.getPath(), uri.getPath()).toResponse();
        }
        if (status == 400) {
            return Problem.invalid(e.getMessage(), uri.getPath(), List.of()).toResponse();
        }
        return e.getResponse();
    }

    @ServerExceptionMapper
    public Response persistence(PersistenceException e, UriInfo uri) {
        if (String.valueOf(rootMessage(e)).contains("duplicate key")) {
            return Problem.conflict("a concurrent change to the same item won; read it again and retry",
                    uri.getPath(), List.of()).toResponse();
        }
        LOG.errorf(e, "request %s failed", uri.getPath());
        return Response.serverError().build();
    }

    static FieldError describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new FieldError(path(u), "is not a field of this request");
        }
        if (e instanceof InvalidFormatException f) {
            return new FieldError(path(f), "cannot be read as " + f.getTargetType().getSimpleName() + ": '"
                    + f.getValue() + "'");
        }
        if (e instanceof MismatchedInputException m) {
            String type = m.getTargetType() == null ? "the expected type" : m.getTargetType().getSimpleName();
            return new FieldError(path(m), "has the wrong type: expected " + type);
        }
        return new FieldError("body", "is not valid JSON: " + e.getOriginalMessage());
    }

    /** The JSON path of a mapping error in the API's notation: {@code containers[0].cpuMillis}. */
    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "body" : b.toString();
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
