package io.visionstream.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Objects;

/**
 * The value on {@code training-triggers} (key = model name): a request to train a new version of a model from the
 * stream, with the reason and the evidence behind it, so that whoever acts on it (the trainer's continual job) and
 * whoever audits it later sees why. Schema: {@code schemas/training-trigger.schema.json}.
 *
 * @param baseVersion the version to fine-tune (the stable version when the trigger fired)
 * @param observed    the figure that fired it (e.g. the window's online accuracy), null for a manual trigger
 * @param threshold   the policy's threshold it was judged against, null for a manual trigger
 * @param evidence    what the decision rests on, in words (test, window, p-value)
 * @param evidenceSince when the evidence began (the arrival of the first label in the window that found an accuracy
 *                    drop, or the first of the drifting checks), null when unknown: a triggered job trains on labelled
 *                    images from then on, what the stream looks like now, not the newest images of any age
 */
public record TrainingTrigger(int schemaVersion, String model, int baseVersion, Reason reason, Double observed, Double threshold,
                              String evidence, Instant evidenceSince, Instant triggeredAt, String triggeredBy) {

    public static final int SCHEMA_VERSION = 1;

    public TrainingTrigger {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(triggeredAt, "triggeredAt");
        if (baseVersion < 1) {
            throw new IllegalArgumentException("baseVersion must be >= 1, was " + baseVersion);
        }
    }

    public TrainingTrigger(String model, int baseVersion, Reason reason, Double observed, Double threshold, String evidence, Instant evidenceSince,
                           Instant triggeredAt, String triggeredBy) {
        this(SCHEMA_VERSION, model, baseVersion, reason, observed, threshold, evidence, evidenceSince, triggeredAt, triggeredBy);
    }

    /** Why a model is to be trained again. */
    public enum Reason {
        /** An operator asked (API or CLI). */
        MANUAL,
        /** A scheduler asked (e.g. a Kubernetes CronJob running the trainer's CLI on a timetable). */
        SCHEDULED,
        /** The stable version's online accuracy on labelled answers fell below the policy's threshold. */
        ONLINE_ACCURACY,
        /** The live embeddings drifted from the version's reference beyond the policy's threshold. */
        DRIFT;

        @JsonValue
        public String wireName() {
            return WireNames.of(this);
        }

        @JsonCreator
        public static Reason parse(String name) {
            return WireNames.parse(Reason.class, name, "training trigger reason");
        }
    }
}
