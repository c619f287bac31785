package io.visionstream.inference.drift;

import io.visionstream.common.events.ModelRef;

/** Told of every drift check of a scored version (the retrain policy's drift trigger). Called on the drift-check thread. */
public interface DriftListener {

    /** {@code version}'s window was checked: {@code score} >= 1 means drift at the reference's level. */
    void checked(ModelRef version, double score);
}
