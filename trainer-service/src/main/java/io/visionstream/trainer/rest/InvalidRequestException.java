package io.visionstream.trainer.rest;

/** A request the trainer refuses, with the field at fault and the HTTP status to answer. */
public final class InvalidRequestException extends RuntimeException {

    private final String field;
    private final int status;

    public InvalidRequestException(String field, int status, String message) {
        super(message);
        this.field = field;
        this.status = status;
    }

    public String field() {
        return field;
    }

    public int status() {
        return status;
    }
}
