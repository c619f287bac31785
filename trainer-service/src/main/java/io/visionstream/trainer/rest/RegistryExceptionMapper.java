package io.visionstream.trainer.rest;

import io.visionstream.common.registry.RegistryException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Registry failures as JSON with the machine-readable reason: bad name 400, unknown 404, tampered 409, I/O 500. */
public class RegistryExceptionMapper {

    /** Body of every error response. */
    public record ErrorBody(String reason, String message) {
    }

    @ServerExceptionMapper
    public Response map(RegistryException e) {
        Response.Status status = switch (e.reason()) {
            case INVALID_NAME, INVALID_CONTENT -> Response.Status.BAD_REQUEST;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case INTEGRITY -> Response.Status.CONFLICT;
            case IO -> Response.Status.INTERNAL_SERVER_ERROR;
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(e.reason().name(), e.getMessage())).build();
    }
}
