package io.hacluster.inventory.rest;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.FieldError;
import io.hacluster.inventory.domain.Rejection;
import io.hacluster.inventory.persistence.DatabaseFailures;

/** Turns every refusal into an RFC 9457 problem document that names the offending fields. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final long retryAfterSeconds;

    ProblemMappers(InventoryConfig config) {
        this.retryAfterSeconds = Math.max(1, config.http().retryAfter().toSeconds());
    }

    /**
     * A path or query parameter with the NUL character is refused before any resource sees it: no id holds one, and
     * PostgreSQL cannot even compare text with one (it answered 500).
     */
    @ServerRequestFilter
    public Response refuseNulInParameters(UriInfo uri) {
        FieldError nul = firstNul(uri.getPathParameters());
        if (nul == null) {
            nul = firstNul(uri.getQueryParameters());
        }
        return nul == null ? null : Problem.invalid(nul.toString(), uri.getPath(), List.of(nul)).toResponse();
    }

    private static FieldError firstNul(Map<String, List<String>> parameters) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            for (String value : p.getValue()) {
                if (value != null && value.indexOf('\u0000') >= 0) {
                    return new FieldError(p.getKey(), ApiJson.NUL + " (%00)");
                }
            }
        }
        return null;
    }

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
        FieldError error = describe(e);
        return Problem.invalid(error.toString(), uri.getPath(), List.of(error)).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableOptionalBody(Bodies.UnreadableBody e, UriInfo uri) {
        return unreadableBody(e.json(), uri);
    }

    /**
     * What JAX-RS refuses itself (wrong method, content type or accepted type, no such resource), as a problem; a
     * 405 keeps its {@code Allow} header.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request) {
        JsonProcessingException json = find(e, JsonProcessingException.class);
        if (json != null) {
            return unreadableBody(json, uri);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        String path = uri.getPath();
        if (status < 400) {
            return original;
        }
        if (status == 404) {
            return Problem.notFound("no resource at " + path, path).toResponse();
        }
        if (status == 400) {
            return Problem.invalid(e.getMessage(), path, List.of()).toResponse();
        }
        Set<String> allowed = status != 405 || !original.getAllowedMethods().isEmpty()
                ? original.getAllowedMethods()
                : AllowedMethods.at(path);
        Response problem = Problem.http(status, httpDetail(status, allowed, path, headers, request), path)
                .toResponse();
        return allowed.isEmpty() ? problem : Response.fromResponse(problem).allow(allowed).build();
    }

    @ServerExceptionMapper
    public Response persistence(PersistenceException e, UriInfo uri) {
        if (!DatabaseFailures.unreachable(e) && String.valueOf(rootMessage(e)).contains("duplicate key")) {
            return Problem.conflict("a concurrent change to the same item won; read it again and retry",
                    uri.getPath(), List.of()).toResponse();
        }
        return failure(e, uri);
    }

    /**
     * Anything else: 503 with {@code Retry-After} while the database does not answer (the request may succeed when
     * tried again; a change that was refused so was not made), else 500. Both are problems.
     */
    @ServerExceptionMapper
    public Response failure(RuntimeException e, UriInfo uri) {
        String path = uri.getPath();
        if (DatabaseFailures.unreachable(e)) {
            LOG.warnf("request %s: the database does not answer: %s", path, rootMessage(e));
            return Response.fromResponse(Problem.unavailable("the inventory's database does not answer; nothing was "
                    + "changed; try again in " + retryAfterSeconds + " s", path).toResponse())
                    .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).build();
        }
        LOG.errorf(e, "request %s failed", path);
        return Problem.internal("the inventory failed to answer; its log says why", path).toResponse();
    }

    private static String httpDetail(int status, Set<String> allowed, String path, HttpHeaders headers,
            Request request) {
        return switch (status) {
            case 405 -> request.getMethod() + " is not allowed on " + path + allowed(allowed);
            case 406 -> "this resource answers application/json (and problems as application/problem+json), not "
                    + headers.getHeaderString(HttpHeaders.ACCEPT);
            case 415 -> "the body must be application/json" + (headers.getMediaType() == null
                    ? ", and say so in Content-Type"
                    : ", not " + headers.getMediaType());
            default -> Response.Status.fromStatusCode(status) == null
                    ? "HTTP " + status
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    }

    private static String allowed(Collection<String> methods) {
        return methods.isEmpty() ? "" : "; allowed: " + String.join(", ", new TreeSet<>(methods));
    }

    /** The field a JSON error is about, and what is wrong with it, in the API's words. */
    static FieldError describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new FieldError(path(u), "is not a field of this request");
        }
        StreamReadException read = find(e, StreamReadException.class);
        if (read != null && String.valueOf(read.getOriginalMessage()).startsWith("Duplicate field")) {
            return new FieldError(path(read), "is given more than once");
        }
        if (read instanceof InputCoercionException range) {
            return new FieldError(path(range), "is out of range: " + range.getOriginalMessage());
        }
        if (e instanceof InvalidFormatException f) {
            if (f.getValue() instanceof String s && s.indexOf('\u0000') >= 0) {
                return new FieldError(path(f), ApiJson.NUL);
            }
            return new FieldError(path(f), expected(f.getTargetType()) + ", was " + json(f.getValue()));
        }
        if (e instanceof MismatchedInputException m) {
            if (String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")) {
                return new FieldError("body", "has more after the end of the JSON value");
            }
            String was = m.getProcessor() instanceof JsonParser p && p.currentToken() != null
                    ? ", was " + token(p)
                    : "";
            return new FieldError(path(m), expected(m.getTargetType()) + was);
        }
        if (read != null) {
            return new FieldError("body", "is not valid JSON: " + read.getOriginalMessage());
        }
        return new FieldError("body", "is not valid JSON: " + e.getOriginalMessage());
    }

    /** What a field of this type must be, in JSON's words. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == String.class || type.isEnum()) {
            return "must be a string";
        }
        if (type == Long.class || type == Integer.class || type == Short.class || type == long.class
                || type == int.class || type == short.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be an object";
    }

    private static String json(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String token(JsonParser p) {
        try {
            return switch (p.currentToken()) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "\"" + p.getText() + "\"";
                case VALUE_NULL -> "null";
                default -> p.getText();
            };
        } catch (java.io.IOException e) {
            return p.currentToken().asString();
        }
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

    /** The path of a parse error, from where the parser stood: {@code containers[0].cpuMillis}. */
    static String path(StreamReadException e) {
        if (e.getProcessor() == null) {
            return "body";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = e.getProcessor().getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push((c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? "body" : path;
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
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
