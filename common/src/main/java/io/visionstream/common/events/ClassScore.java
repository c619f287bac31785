package io.visionstream.common.events;

import java.util.Objects;

/** One of the top-k classes of a prediction: class index in the model's output, its label, its probability. */
public record ClassScore(int index, String label, double probability) {

    public ClassScore {
        Objects.requireNonNull(label, "label");
        if (index < 0) {
            throw new IllegalArgumentException("class index must be >= 0, was " + index);
        }
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be within [0, 1], was " + probability);
        }
    }
}
