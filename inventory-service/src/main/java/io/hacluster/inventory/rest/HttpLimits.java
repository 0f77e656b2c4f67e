package io.hacluster.inventory.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hacluster.inventory.config.InventoryConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The limits of the HTTP layer, answered as problem documents. Quarkus enforces them on the Vert.x router before
 * JAX-RS sees the request, with an empty answer: a body longer than {@code quarkus.http.limits.max-body-size} (413)
 * and, in the HTTP decoder, a request line longer than {@code quarkus.http.limits.max-initial-line-length} (414).
 * This route runs just before Quarkus' own body limit and answers both with a problem: the body limit from the
 * request's {@code Content-Length} (a chunked body over the limit is still cut off by Quarkus), and the URI limit
 * {@code inventory.http.max-uri-length}, kept well below the decoder's line limit so that the decoder, which answers
 * before any route and without a body, only ever sees abuse.
 */
@ApplicationScoped
public class HttpLimits {

    private final ObjectMapper mapper;
    private final long maxBodySize;
    private final int maxUriLength;

    HttpLimits(ObjectMapper mapper, InventoryConfig config, SmallRyeConfig all) {
        this.mapper = mapper;
        // Quarkus' default when unset
        this.maxBodySize = all.getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10240L * 1024);
        this.maxUriLength = config.http().maxUriLength();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String uri = request.uri();
        if (uri.length() > maxUriLength) {
            answer(ctx, Problem.http(414, "the request URI has " + uri.length() + " characters, more than the "
                    + maxUriLength + " this API takes", clip(request.path())), false);
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && tooLong(length)) {
            answer(ctx, Problem.http(413, "the body has " + length + " bytes, more than the " + maxBodySize
                    + " this API takes", request.path()), true);
            return;
        }
        ctx.next();
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false; // the HTTP decoder refuses it
        }
    }

    /** Answers the problem; a body that was not read leaves with the connection, as Quarkus' own limit does. */
    private void answer(RoutingContext ctx, Problem problem, boolean closeConnection) {
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type",
                Problem.MEDIA_TYPE);
        if (closeConnection) {
            response.putHeader("Connection", "close");
            response.endHandler(v -> ctx.request().connection().close());
        }
        response.end(body);
    }

    private static String clip(String path) {
        return path == null ? "" : path.length() <= 256 ? path : path.substring(0, 256) + "...";
    }
}
