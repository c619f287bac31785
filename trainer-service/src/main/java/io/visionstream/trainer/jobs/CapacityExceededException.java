package io.visionstream.trainer.jobs;

/** The job service is at one of its configured limits ({@code visionstream.trainer.jobs.*}); the client may try later. */
public final class CapacityExceededException extends RuntimeException {

    /** Which limit was reached; its name is the reason code clients see. */
    public enum Limit {
        /** {@code queue-capacity} jobs are queued or running. */
        QUEUE_FULL,
        /** {@code max-event-streams} event streams are open. */
        TOO_MANY_STREAMS
    }

    private final Limit limit;

    public CapacityExceededException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
