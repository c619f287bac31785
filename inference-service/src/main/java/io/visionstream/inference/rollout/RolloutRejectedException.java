package io.visionstream.inference.rollout;

/** A rollout change that cannot be made (weight out of range, unknown or unloadable version, nothing to promote). */
public final class RolloutRejectedException extends Exception {

    /** Why, as the machine-readable {@code reason} of the HTTP error body. */
    public enum Reason {
        /** The body is not a valid rollout change (unknown field, wrong type, invalid policy). */
        INVALID_REQUEST,
        INVALID_VERSION,
        INVALID_WEIGHT,
        UNKNOWN_MODEL,
        UNKNOWN_VERSION,
        NO_CANARY,
        NOTHING_TO_ROLL_BACK,
        /** Kafka did not acknowledge the change in time; nothing changed. */
        KAFKA_UNAVAILABLE
    }

    private final Reason reason;

    public RolloutRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
