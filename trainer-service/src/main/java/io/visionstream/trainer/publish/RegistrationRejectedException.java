package io.visionstream.trainer.publish;

/** A model registration refused before anything was written, with the request field at fault. */
public final class RegistrationRejectedException extends Exception {

    private final String field;

    public RegistrationRejectedException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field that is wrong: {@code name}, {@code manifest} or {@code model}. */
    public String field() {
        return field;
    }
}
