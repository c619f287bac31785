package io.visionstream.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.ForbiddenException;
import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.inference.budget.OverloadedException;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.rollout.RolloutRejectedException;
import io.visionstream.inference.scoring.ScoringRejectedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps refusals to HTTP with the same reason codes the stream writes into dead letters: 413 for size limits, 415 for
 * unknown formats, 400 for damaged or inconsistent input or an invalid rollout change, 404 for an unknown model,
 * 503 while a model loads, Kafka is unreachable or the HTTP budget is full (with Retry-After). Every other error the REST layer meets (unknown route, method or
 * media type, malformed JSON, a missing role, an unexpected exception) is answered with an {@link HttpReason}, always
 * as an {@link ErrorBody} and never with a stack trace.
 */
public class ErrorMappers {

    private final InferenceMetrics metrics;

    @Inject
    public ErrorMappers(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response imageRejected(ImageRejectedException e) {
        int status = switch (e.reason()) {
            case TOO_LARGE, TOO_MANY_PIXELS -> 413;
            case UNSUPPORTED_FORMAT -> 415;
            case EMPTY, BAD_CONTENT_TYPE, CORRUPT, SHAPE_MISMATCH -> 400;
        };
        return counted(status, e.reason().name(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response scoringRejected(ScoringRejectedException e) {
        int status = switch (e.reason()) {
            case UNKNOWN_MODEL -> 404;
            case MODEL_UNAVAILABLE -> 503;
            case SCORING_FAILED, INTERNAL -> 500;
        };
        return counted(status, e.reason().name(), e.getMessage());
    }

    /** The HTTP budget is full: 503 with {@code Retry-After}, so clients back off instead of piling up. */
    @ServerExceptionMapper
    public Response overloaded(OverloadedException e) {
        metrics.rejected(HttpReason.OVERLOADED.name(), "http");
        return Response.fromResponse(error(HttpReason.OVERLOADED.status(), HttpReason.OVERLOADED.name(), e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response rolloutRejected(RolloutRejectedException e) {
        int status = switch (e.reason()) {
            case UNKNOWN_MODEL, NO_CANARY -> 404;
            case KAFKA_UNAVAILABLE -> 503;
            case INVALID_REQUEST, INVALID_VERSION, INVALID_WEIGHT, UNKNOWN_VERSION, NOTHING_TO_ROLL_BACK -> 400;
        };
        return error(status, e.reason().name(), e.getMessage());
    }

    /** Unknown route (404), method (405), media type (415), Accept (406), unreadable body (400) and the like. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException malformed) {
            String location = malformed.getLocation() == null ? ""
                    : " (line " + malformed.getLocation().getLineNr() + ", column " + malformed.getLocation().getColumnNr() + ")";
            return error(400, HttpReason.MALFORMED_JSON.name(), "the body is not valid JSON: " + malformed.getOriginalMessage() + location);
        }
        int status = e.getResponse().getStatus();
        String detail = status == 415 ? "; Content-Type " + request.getHeader(HttpHeaders.CONTENT_TYPE) + " is not accepted here" : "";
        return error(status, HttpReason.forStatus(status).name(), request.method() + " " + request.path() + ": " + e.getMessage() + detail);
    }

    /** A valid token without the endpoint's role (e.g. {@code ml-admin} for rollout changes). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return error(403, HttpReason.FORBIDDEN.name(), HttpErrors.ROLE_MISSING);
    }

    /** Anything else: logged with an id the answer names, so the details stay in the service log. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        return error(500, HttpReason.INTERNAL_ERROR.name(), HttpErrors.logUnexpected(e, request.method().name(), request.path()));
    }

    private Response counted(int status, String reason, String message) {
        metrics.rejected(reason, "http");
        return error(status, reason, message);
    }

    private static Response error(int status, String reason, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(reason, message)).build();
    }
}
