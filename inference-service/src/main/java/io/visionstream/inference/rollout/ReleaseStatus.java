package io.visionstream.inference.rollout;

import io.visionstream.common.manifest.ModelManifest;

import java.time.Instant;

/**
 * What this replica knows about one announced model version: whether its registry files were found and verified
 * ({@link State#AVAILABLE}) or refused (missing, tampered, inconsistent), with the reason, and when it was checked.
 */
public record ReleaseStatus(String model, int version, State state, String detail, Instant checkedAt, ModelManifest manifest) {

    /** Outcome of checking an announced release against the registry. */
    public enum State {
        AVAILABLE, REFUSED
    }
}
