package io.visionstream.inference.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers in JSON what fails below the REST layer's exception mappers: a refused bearer token (401 with the Bearer
 * challenge; a missing one is answered by {@link JsonBearerChallenge}), a permission check (403), a route failed with
 * a bare status ({@code RoutingContext.fail(int)}) and anything unexpected (500, logged with an id that the answer names; no stack trace leaves the service).
 */
@ApplicationScoped
public class FailureAnswers {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    private void answer(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten()) {
            ctx.next();
        } else if (failure instanceof AuthenticationFailedException) {
            HttpErrors.unauthorized(ctx);
        } else if (failure instanceof ForbiddenException) {
            HttpErrors.send(ctx, 403, HttpReason.FORBIDDEN, HttpErrors.ROLE_MISSING);
        } else if (failure == null) {
            HttpReason reason = HttpReason.forStatus(ctx.statusCode());
            HttpErrors.send(ctx, ctx.statusCode(), reason, ctx.request().method() + " " + ctx.request().path() + " refused: " + reason);
        } else {
            HttpErrors.send(ctx, 500, HttpReason.INTERNAL_ERROR, HttpErrors.logUnexpected(failure, ctx.request().method().name(), ctx.request().path()));
        }
    }
}
