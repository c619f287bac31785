package io.visionstream.inference.quality;

import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.Prediction;

import java.util.ArrayList;
import java.util.List;

/**
 * What the join remembers about one image id (its state store value): the predictions seen with their record times,
 * the first label with its record time, and whether the image was already counted as never labelled in its window.
 */
record PendingImage(List<Seen> predictions, GroundTruth label, Long labelTime, boolean missingCounted) {

    /** A prediction and the time of its record. */
    record Seen(Prediction prediction, long time) {
    }

    PendingImage {
        predictions = List.copyOf(predictions);
    }

    static PendingImage ofPrediction(Prediction prediction, long time) {
        return new PendingImage(List.of(new Seen(prediction, time)), null, null, false);
    }

    static PendingImage ofLabel(GroundTruth label, long time) {
        return new PendingImage(List.of(), label, time, false);
    }

    PendingImage withPrediction(Prediction prediction, long time) {
        List<Seen> all = new ArrayList<>(predictions);
        all.add(new Seen(prediction, time));
        return new PendingImage(all, label, labelTime, missingCounted);
    }

    PendingImage withLabel(GroundTruth truth, long time) {
        return new PendingImage(predictions, truth, time, missingCounted);
    }

    PendingImage withoutLabel() {
        return new PendingImage(predictions, null, null, missingCounted);
    }

    PendingImage withMissingCounted() {
        return new PendingImage(predictions, label, labelTime, true);
    }

    /** Time of the first prediction; only meaningful when there is one. */
    long firstPredictionTime() {
        return predictions.stream().mapToLong(Seen::time).min().orElseThrow();
    }
}
