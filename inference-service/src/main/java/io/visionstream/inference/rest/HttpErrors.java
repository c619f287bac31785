package io.visionstream.inference.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.visionstream.common.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Writes the {@link ErrorBody} JSON answer for refusals made below the REST layer (Vert.x routes, authentication),
 * where no exception mapper runs, and holds what both layers say about credentials and unexpected failures.
 */
final class HttpErrors {

    static final String ROLE_MISSING = "the token's roles do not allow this";

    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    /** Logs an unexpected failure with a new error id; returns the answer's message, which names only that id. */
    static String logUnexpected(Throwable failure, String method, String path) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected failure of %s %s (error id %s)", method, path, id);
        return "unexpected error " + id + "; the service log has the details";
    }

    /** 401 with the Bearer challenge, saying whether a token was sent at all but never which check refused it. */
    static Future<Void> unauthorized(RoutingContext ctx) {
        boolean sent = ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
        ctx.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        return send(ctx, 401, HttpReason.UNAUTHORIZED, sent
                ? "the bearer token was refused: it must be signed by the trusted key, come from the configured issuer, name this service's audience and not be expired"
                : "this needs a bearer token: Authorization: Bearer <JWT>");
    }

    static Future<Void> send(RoutingContext ctx, int status, HttpReason reason, String message) {
        return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(Json.toBytes(new ErrorBody(reason.name(), message))));
    }
}
