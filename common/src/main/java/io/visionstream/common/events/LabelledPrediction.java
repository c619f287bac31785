package io.visionstream.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The value on {@code predictions.labelled} (key = image id): one prediction joined with its image's label by the
 * online-quality join. {@code labelIndex} is the true class's index in the model's labels (null when a label given
 * only by name is not one of the model's labels); {@code correct} says whether the top-1 class is the label,
 * {@code top5Correct} whether the label is among the top five (null when the prediction carries fewer than five
 * classes and the label is not among them). Schema: {@code schemas/labelled-prediction.schema.json}.
 */
public record LabelledPrediction(int schemaVersion, String imageId, ModelRef model, Route route, List<ClassScore> top,
                                 Integer labelIndex, String labelName, boolean correct, Boolean top5Correct,
                                 Instant predictedAt, Instant labelArrivedAt, String source) {

    public static final int SCHEMA_VERSION = 1;
    private static final int TOP_FIVE = 5;

    public LabelledPrediction {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(route, "route");
        top = List.copyOf(Objects.requireNonNull(top, "top"));
        if (top.isEmpty()) {
            throw new IllegalArgumentException("a labelled prediction needs at least one class in 'top'");
        }
    }

    /**
     * Joins {@code prediction} with {@code truth}; {@code labels} are the model's class names (to find the index of a
     * label given by name, or the name of one given by index), possibly empty when unknown.
     */
    public static LabelledPrediction of(Prediction prediction, GroundTruth truth, List<String> labels, Instant predictedAt,
                                        Instant labelArrivedAt) {
        Integer index = truth.label() != null ? truth.label() : indexOf(labels, truth.labelName());
        String name = truth.labelName() != null ? truth.labelName()
                : index != null && index < labels.size() ? labels.get(index) : null;
        GroundTruth resolved = index == null ? truth : new GroundTruth(truth.imageId(), index, name, truth.labelledAt(), truth.source());
        List<ClassScore> top = prediction.top();
        boolean inTop = top.stream().limit(TOP_FIVE).anyMatch(resolved::names);
        Boolean top5 = inTop || top.size() >= TOP_FIVE ? inTop : null;
        return new LabelledPrediction(SCHEMA_VERSION, prediction.imageId(), prediction.model(), prediction.route(), top, index, name,
                resolved.names(prediction.best()), top5, predictedAt, labelArrivedAt, truth.source());
    }

    /** The top-1 class's probability: the model's confidence in its answer. */
    public double confidence() {
        return top.get(0).probability();
    }

    private static Integer indexOf(List<String> labels, String name) {
        int index = labels.indexOf(name);
        return index < 0 ? null : index;
    }
}
