package io.visionstream.inference.rest;

import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.rollout.RolloutRejectedException;
import io.visionstream.inference.scoring.ScoringRejectedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps refusals to HTTP with the same reason codes the stream writes into dead letters: 413 for size limits, 415 for
 * unknown formats, 400 for damaged or inconsistent input or an invalid rollout change, 404 for an unknown model,
 * 503 while a model loads or Kafka is unreachable.
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
        return error(status, e.reason().name(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response scoringRejected(ScoringRejectedException e) {
        int status = switch (e.reason()) {
            case UNKNOWN_MODEL -> 404;
            case MODEL_UNAVAILABLE -> 503;
            case SCORING_FAILED -> 500;
        };
        return error(status, e.reason().name(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response rolloutRejected(RolloutRejectedException e) {
        int status = switch (e.reason()) {
            case UNKNOWN_MODEL, NO_CANARY -> 404;
            case KAFKA_UNAVAILABLE -> 503;
            case INVALID_REQUEST, INVALID_VERSION, INVALID_WEIGHT, UNKNOWN_VERSION, NOTHING_TO_ROLL_BACK -> 400;
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(e.reason().name(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(new ErrorBody("NOT_FOUND", e.getMessage())).build();
    }

    private Response error(int status, String reason, String message) {
        metrics.rejected(reason, "http");
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(reason, message)).build();
    }
}
