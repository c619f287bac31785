package io.visionstream.trainer.rest;

/**
 * Machine-readable reasons of the trainer's error responses, besides {@code INVALID_<FIELD>} for a request field at
 * fault, the registry's own reasons and the job limits' ({@link io.visionstream.trainer.jobs.CapacityExceededException}).
 */
public enum ErrorReason {
    /** 400: a request the endpoint cannot take, without a single field at fault. */
    BAD_REQUEST,
    /** 400: the body is not well-formed JSON, or does not fit the request's fields and types. */
    MALFORMED_JSON,
    /** 400: a path names a file outside the directories the service may use. */
    PATH_NOT_ALLOWED,
    /** 401: no bearer token, or one that is invalid, expired, or for another issuer or audience. */
    UNAUTHORIZED,
    /** 403: a valid token without the role the call needs. */
    FORBIDDEN,
    /** 404: no such route, job or model. */
    NOT_FOUND,
    /** 405: the route exists, the method does not. */
    METHOD_NOT_ALLOWED,
    /** 406: the route cannot produce any type the client accepts. */
    NOT_ACCEPTABLE,
    /** 409: the request conflicts with the current state (e.g. cancelling a finished job). */
    CONFLICT,
    /** 413: the body is longer than {@code quarkus.http.limits.max-body-size}. */
    BODY_TOO_LARGE,
    /** 415: the Content-Type is not one the route takes, or not a media type at all. */
    UNSUPPORTED_MEDIA_TYPE,
    /** 500: a fault of the service; the log has the details under the id in the message. */
    INTERNAL_ERROR
}
