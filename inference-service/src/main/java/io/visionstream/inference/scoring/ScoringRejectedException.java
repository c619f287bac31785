package io.visionstream.inference.scoring;

/**
 * An image that was decoded but cannot be scored, with a reason code that travels like the decoder's (as the
 * {@code dead-letter-reason} header or the {@code reason} of an HTTP error).
 */
public final class ScoringRejectedException extends Exception {

    /** Why an image could not be scored. */
    public enum Reason {
        /** The requested model name is not served here. */
        UNKNOWN_MODEL,
        /** The model is known but no version became servable in time. */
        MODEL_UNAVAILABLE,
        /** ONNX Runtime failed on the batch. */
        SCORING_FAILED,
        /** An unexpected failure inside the service while handling this image (a defect, logged with its stack trace). */
        INTERNAL
    }

    private final Reason reason;

    public ScoringRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ScoringRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
