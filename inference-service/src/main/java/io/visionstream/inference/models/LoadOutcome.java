package io.visionstream.inference.models;

/** What offering a verified version to the serving set did. */
public record LoadOutcome(State state, String detail) {

    /** The version now serves, was older than what serves already, or could not be served. */
    public enum State {
        ACTIVATED, SUPERSEDED, REFUSED
    }
}
