package io.visionstream.trainer.rest;

import io.visionstream.common.registry.RegistryException;
import io.visionstream.trainer.publish.RegistrationRejectedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Registry and registration failures as JSON with a machine-readable reason: bad name or request 400, unknown 404,
 * tampered 409, I/O 500.
 */
public class ErrorMappers {

    /** Body of every error response; {@code field} names the request field at fault, when there is one. */
    public record ErrorBody(String reason, String message, String field) {
    }

    @ServerExceptionMapper
    public Response map(RegistryException e) {
        Response.Status status = switch (e.reason()) {
            case INVALID_NAME, INVALID_CONTENT -> Response.Status.BAD_REQUEST;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case INTEGRITY -> Response.Status.CONFLICT;
            case IO -> Response.Status.INTERNAL_SERVER_ERROR;
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(e.reason().name(), e.getMessage(), null)).build();
    }

    @ServerExceptionMapper
    public Response map(InvalidRequestException e) {
        String reason = e.status() == 404 ? "NOT_FOUND" : e.status() == 409 ? "CONFLICT" : "INVALID_" + e.field().toUpperCase(java.util.Locale.ROOT);
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(reason, e.getMessage(), e.field())).build();
    }

    @ServerExceptionMapper
    public Response map(RegistrationRejectedException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody("INVALID_" + e.field().toUpperCase(java.util.Locale.ROOT), e.getMessage(), e.field())).build();
    }
}
