package io.visionstream.inference.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses, before any of the body is read, a request whose Content-Type is not a media type (the REST layer would fail
 * on it with a 500) or whose Content-Length exceeds {@code quarkus.http.limits.max-body-size} (Quarkus would answer an
 * empty 413 and close the connection), with a JSON reason. It runs just before Quarkus's own body-size check. A chunked
 * body over the limit is still cut off by Quarkus while the REST layer reads it (empty 413).
 *
 * <p>What the client still sends is read and discarded, up to twice the limit, so that the usual clients, which send
 * the whole body before they read the answer, get the JSON rather than a reset connection; a longer body has its
 * connection closed once the answer is written.
 */
@ApplicationScoped
public class RequestGuard {

    private static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

    private final long maxBodyBytes;

    @Inject
    public RequestGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        long declared = declaredLength(ctx.request());
        if (contentType != null && !isMediaType(contentType)) {
            refuse(ctx, declared, HttpReason.BAD_CONTENT_TYPE, "the Content-Type '" + contentType + "' is not a media type (type/subtype;parameters)");
        } else if (declared > maxBodyBytes) {
            refuse(ctx, declared, HttpReason.BODY_TOO_LARGE, "the request body of " + declared + " bytes is larger than the limit of "
                    + maxBodyBytes + " bytes");
        } else {
            ctx.next();
        }
    }

    /** The Content-Length (Netty has refused requests with an invalid one), or -1 when the body is chunked or absent. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null ? -1 : Long.parseLong(length);
    }

    private static boolean isMediaType(String contentType) {
        try {
            MediaType.valueOf(contentType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void refuse(RoutingContext ctx, long declared, HttpReason reason, String message) {
        HttpServerRequest request = ctx.request();
        long drainLimit = 2 * maxBodyBytes;
        AtomicLong discarded = new AtomicLong();
        request.handler(chunk -> {
            if (discarded.addAndGet(chunk.length()) > drainLimit) {
                request.connection().close();
            }
        });
        request.resume();
        HttpErrors.send(ctx, reason.status(), reason, message).onComplete(sent -> {
            if (declared > drainLimit) {
                request.connection().close();
            }
        });
    }
}
