package io.visionstream.inference.quality;

import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.Prediction;

/** One record reaching the join: a prediction (live or shadow) or a label of the same image id; exactly one is set. */
record JoinInput(Prediction prediction, GroundTruth label) {

    static JoinInput of(Prediction prediction) {
        return new JoinInput(prediction, null);
    }

    static JoinInput of(GroundTruth label) {
        return new JoinInput(null, label);
    }
}
