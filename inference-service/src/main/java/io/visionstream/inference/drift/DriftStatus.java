package io.visionstream.inference.drift;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Whether a loaded version has a drift score, and if not, why not. */
public enum DriftStatus {
    /** The window is full and scored. */
    SCORED,
    /** The window is still filling: no score yet. */
    FILLING,
    /** Drift monitoring is switched off ({@code visionstream.inference.drift.enabled=false}). */
    DISABLED,
    /** The version has no {@code drift-reference.json} (e.g. a model registered from elsewhere). */
    NO_REFERENCE,
    /** The manifest names no embedding output. */
    NO_EMBEDDING_OUTPUT,
    /** The reference cannot be read. */
    UNREADABLE_REFERENCE,
    /** The reference has no threshold for the configured window size. */
    UNCALIBRATED_WINDOW,
    /** The served embeddings are not as wide as the reference's. */
    EMBEDDING_MISMATCH;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
