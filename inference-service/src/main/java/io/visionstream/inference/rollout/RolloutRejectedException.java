package io.visionstream.inference.rollout;

/** A rollout change that cannot be made (weight out of range, unknown or unloadable version, nothing to promote). */
public final class RolloutRejectedException extends Exception {

    private final String reason;

    public RolloutRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Machine-readable reason, e.g. {@code INVALID_WEIGHT}, {@code UNKNOWN_VERSION}, {@code NO_CANARY}. */
    public String reason() {
        return reason;
    }
}
