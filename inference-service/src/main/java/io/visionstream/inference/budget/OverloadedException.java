package io.visionstream.inference.budget;

import java.time.Duration;

/** The HTTP budget is full: the request is refused now (503) and may be retried after {@link #retryAfter()}. */
public final class OverloadedException extends RuntimeException {

    private final Duration retryAfter;

    public OverloadedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} as the whole seconds of a {@code Retry-After} header: at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }
}
