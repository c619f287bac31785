package io.visionstream.trainer.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.visionstream.common.json.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * JSON errors ({@link ErrorMappers.ErrorBody}) for what never reaches the REST layer, where Quarkus would answer with
 * an empty body, an HTML page or a cut connection: a body whose Content-Length is over
 * {@code quarkus.http.limits.max-body-size} (413, before the body is read), a Content-Type that is not a media type
 * (415), a token that fails verification (401), and any other failure (500, details only in the log).
 */
@ApplicationScoped
public class HttpErrorRoutes {

    static final String UNAUTHORIZED_MESSAGE = "a valid bearer token is required (Authorization: Bearer <JWT> from the configured issuer, "
            + "for the configured audience, not expired)";
    private static final Logger LOG = Logger.getLogger(HttpErrorRoutes.class);

    private final long maxBodySize;

    public HttpErrorRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::checkHeaders);
        router.route().failureHandler(this::failure);
    }

    /** The reason code of a framework refusal with this status. */
    static ErrorReason reasonOf(int status) {
        return switch (status) {
            case 401 -> ErrorReason.UNAUTHORIZED;
            case 403 -> ErrorReason.FORBIDDEN;
            case 404 -> ErrorReason.NOT_FOUND;
            case 405 -> ErrorReason.METHOD_NOT_ALLOWED;
            case 406 -> ErrorReason.NOT_ACCEPTABLE;
            case 413 -> ErrorReason.BODY_TOO_LARGE;
            case 415 -> ErrorReason.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorReason.INTERNAL_ERROR : ErrorReason.BAD_REQUEST;
        };
    }

    private void checkHeaders(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && !isMediaType(type)) {
            answer(context, 415, ErrorReason.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + type + "' is not a media type (type/subtype)");
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodySize) {
            // The body is never read, so the connection cannot carry another request: close it, as Quarkus's own limit does.
            context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            context.response().endHandler(ignored -> context.request().connection().close());
            answer(context, 413, ErrorReason.BODY_TOO_LARGE, "the body has " + length + " bytes; this service reads at most " + maxBodySize
                    + " (quarkus.http.limits.max-body-size)");
            return;
        }
        context.next();
    }

    private void failure(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationFailedException) {
            // a token that fails verification, refused by proactive authentication before any route
            context.response().putHeader(jakarta.ws.rs.core.HttpHeaders.WWW_AUTHENTICATE, ErrorMappers.BEARER_CHALLENGE);
            answer(context, 401, ErrorReason.UNAUTHORIZED, UNAUTHORIZED_MESSAGE);
        } else if (failure == null && context.statusCode() < 500) {
            answer(context, context.statusCode(), reasonOf(context.statusCode()), "the request was refused (HTTP " + context.statusCode() + ")");
        } else {
            String id = UUID.randomUUID().toString();
            LOG.errorf(failure, "internal error %s (status %d)", id, context.statusCode());
            answer(context, 500, ErrorReason.INTERNAL_ERROR, "internal error " + id + "; the trainer's log has the details");
        }
    }

    /** Whether a Content-Type header is a media type ("type/subtype", optionally with parameters). */
    static boolean isMediaType(String value) {
        try {
            MediaType.valueOf(value);
            return value.indexOf('/') > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static long declaredLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void answer(RoutingContext context, int status, ErrorReason reason, String message) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .end(Json.toJson(new ErrorMappers.ErrorBody(reason.name(), message, null)));
    }
}
