package io.visionstream.trainer.rest;

import io.visionstream.trainer.settings.InvalidSettingException;

/**
 * A request the trainer refuses, with its reason (which gives the HTTP status) and the request field at fault, so the
 * answer names both and a client can point at the field.
 */
public final class InvalidRequestException extends RuntimeException {

    private final ErrorReason reason;
    private final String field;

    /** A refusal of the field an {@code INVALID_<FIELD>} reason names. */
    public InvalidRequestException(ErrorReason invalid, String message) {
        this(invalid, invalid.field(), message);
    }

    /** A refusal for a reason about a field it does not name itself (e.g. {@link ErrorReason#PATH_NOT_ALLOWED}). */
    public InvalidRequestException(ErrorReason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    /** The refusal of a training setting the settings builder refused. */
    public static InvalidRequestException of(InvalidSettingException e) {
        return new InvalidRequestException(ErrorReason.of(e.setting()), e.getMessage());
    }

    public ErrorReason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
