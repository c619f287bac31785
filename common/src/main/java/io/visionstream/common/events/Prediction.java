package io.visionstream.common.events;

import java.util.List;
import java.util.Objects;

/**
 * The value on the {@code predictions} (and {@code predictions.shadow}) topic: which model version scored which
 * image, by which rollout route, its top-k classes and where the time went. Schema: {@code schemas/prediction.schema.json}.
 */
public record Prediction(int schemaVersion, String imageId, ModelRef model, Route route, List<ClassScore> top,
                         PredictionTimings timings, int batchSize) {

    public static final int SCHEMA_VERSION = 1;

    public Prediction {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(route, "route");
        top = List.copyOf(Objects.requireNonNull(top, "top"));
        if (top.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one class in 'top'");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
    }

    public Prediction(String imageId, ModelRef model, Route route, List<ClassScore> top, PredictionTimings timings, int batchSize) {
        this(SCHEMA_VERSION, imageId, model, route, top, timings, batchSize);
    }

    /** The most probable class. */
    public ClassScore best() {
        return top.get(0);
    }
}
