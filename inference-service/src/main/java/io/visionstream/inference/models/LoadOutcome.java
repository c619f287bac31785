package io.visionstream.inference.models;

/** Whether a version could be made servable on this replica, and why not. */
public record LoadOutcome(boolean loaded, String detail) {

    public static LoadOutcome loaded(String detail) {
        return new LoadOutcome(true, detail);
    }

    public static LoadOutcome refused(String detail) {
        return new LoadOutcome(false, detail);
    }
}
