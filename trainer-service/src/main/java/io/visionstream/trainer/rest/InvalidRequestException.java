package io.visionstream.trainer.rest;

import java.util.Locale;

/** A request the trainer refuses, with the field at fault, the HTTP status to answer and the reason code. */
public final class InvalidRequestException extends RuntimeException {

    private final String field;
    private final int status;
    private final ErrorReason reason;

    /** A refusal whose reason follows from the status: 404 NOT_FOUND, 409 CONFLICT, otherwise INVALID_<FIELD>. */
    public InvalidRequestException(String field, int status, String message) {
        this(field, status, status == 404 ? ErrorReason.NOT_FOUND : status == 409 ? ErrorReason.CONFLICT : null, message);
    }

    /** A refusal with its own reason; a null reason means INVALID_<FIELD>. */
    public InvalidRequestException(String field, int status, ErrorReason reason, String message) {
        super(message);
        this.field = field;
        this.status = status;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }

    /** The reason code of the response. */
    public String reason() {
        return reason != null ? reason.name() : "INVALID_" + field.toUpperCase(Locale.ROOT);
    }
}
