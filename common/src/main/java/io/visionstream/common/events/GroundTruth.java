package io.visionstream.common.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The value on the {@code labels} topic (key = image id): the true class of one image, from whoever labels images
 * (human review, an outcome known later). It names the class by index, by name, or both; it may arrive seconds or
 * hours after the prediction, twice, before it, or never. Schema: {@code schemas/ground-truth.schema.json}.
 *
 * @param labelledAt when the label was decided (informational; the join uses the record's time)
 * @param source     who or what labelled the image, e.g. {@code review-queue}
 */
public record GroundTruth(int schemaVersion, String imageId, Integer label, String labelName, Instant labelledAt, String source) {

    public static final int SCHEMA_VERSION = 1;

    public GroundTruth {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be " + SCHEMA_VERSION + ", was " + schemaVersion);
        }
        if (imageId == null || imageId.isEmpty()) {
            throw new IllegalArgumentException("a label needs an imageId");
        }
        if (label == null && (labelName == null || labelName.isBlank())) {
            throw new IllegalArgumentException("a label needs 'label' (class index) or 'labelName'");
        }
        if (label != null && label < 0) {
            throw new IllegalArgumentException("label must be a class index >= 0, was " + label);
        }
    }

    public GroundTruth(String imageId, Integer label, String labelName, Instant labelledAt, String source) {
        this(SCHEMA_VERSION, imageId, label, labelName, labelledAt, source);
    }

    /** Whether {@code score} is this label's class: by index when the label has one, else by name. */
    public boolean names(ClassScore score) {
        return label != null ? label == score.index() : Objects.equals(labelName, score.label());
    }
}
