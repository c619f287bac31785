package io.visionstream.trainer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.visionstream.common.registry.RegistryException;
import io.visionstream.trainer.jobs.CapacityExceededException;
import io.visionstream.trainer.publish.RegistrationRejectedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.UUID;

/**
 * Every error the REST layer answers, as JSON with a machine-readable reason ({@link ErrorBody}): registry failures
 * (bad name or request 400, unknown 404, tampered 409, I/O 500), refused requests and registrations (400 naming the
 * field), limits (429), missing or bad credentials (401) and roles (403), the framework's own refusals (404, 405,
 * 406, 415, malformed JSON or an unreadable body 400) and anything unexpected (500 without a stack trace; the log
 * has it under the id the message gives). {@link HttpErrorRoutes} answers what fails before this layer.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** The challenge of a 401: this API takes bearer tokens (RFC 6750). */
    static final String BEARER_CHALLENGE = "Bearer";
    private static final String FORBIDDEN_MESSAGE = "the token does not carry a role this call needs";

    /** Body of every error response; {@code field} names the request field at fault, when there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
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
        return error(status.getStatusCode(), e.reason().name(), e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response map(InvalidRequestException e) {
        return error(e.reason(), e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    public Response map(RegistrationRejectedException e) {
        int status = switch (e.reason()) {
            case INVALID_NAME, INVALID_MANIFEST, INVALID_MODEL -> 400;
        };
        return error(status, e.reason().name(), e.getMessage(), e.reason().field());
    }

    @ServerExceptionMapper
    public Response map(CapacityExceededException e) {
        return error(429, e.limit().name(), e.getMessage(), null);
    }

    /** Not JSON, or JSON that does not fit the request (wrong types, unknown layer type); replaces Quarkus's own mapper. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response malformed(JsonProcessingException e) {
        return error(ErrorReason.MALFORMED_JSON, "the body is not a valid request: " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized() {
        return Response.fromResponse(error(ErrorReason.UNAUTHORIZED, HttpErrorRoutes.UNAUTHORIZED_MESSAGE, null))
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response map(ForbiddenException e) {
        return error(ErrorReason.FORBIDDEN, FORBIDDEN_MESSAGE, null);
    }

    /** A request body that could not be read, e.g. a multipart body cut short. */
    @ServerExceptionMapper
    public Response map(IOException e) {
        return error(ErrorReason.BAD_REQUEST, "the request body could not be read: " + e.getMessage(), null);
    }

    /** The framework's refusals: no such route or method, media types not taken or not produced, and the like. */
    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json);
        }
        return error(status, HttpErrorRoutes.reasonOf(status).name(), e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "internal error %s", id);
        return error(ErrorReason.INTERNAL_ERROR, "internal error " + id + "; the trainer's log has the details", null);
    }

    private static Response error(ErrorReason reason, String message, String field) {
        return error(reason.status(), reason.name(), message, field);
    }

    private static Response error(int status, String reason, String message, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(reason, message, field)).build();
    }
}
