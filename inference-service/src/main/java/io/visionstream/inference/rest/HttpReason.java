package io.visionstream.inference.rest;

/**
 * Reason codes of refusals that come from HTTP itself (route, method, media type, body, credentials) rather than from
 * an image, a model or a rollout, so that every error answer carries a machine-readable reason.
 */
public enum HttpReason {
    BAD_REQUEST(400),
    /** The Content-Type header is not a media type at all. */
    BAD_CONTENT_TYPE(400),
    MALFORMED_JSON(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    /** The body is larger than {@code quarkus.http.limits.max-body-size}. */
    BODY_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL_ERROR(500),
    /** The HTTP budget of work in flight is full: retry after the {@code Retry-After} header's seconds. */
    OVERLOADED(503),
    /** What the answer needs is switched off or still starting on this replica (e.g. the online-quality join). */
    UNAVAILABLE(503);

    private final int status;

    HttpReason(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The reason for an HTTP status that carries no reason of its own: the specific one, else the generic 4xx or 5xx. */
    public static HttpReason forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> BODY_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> UNAVAILABLE;
            default -> status < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }
}
