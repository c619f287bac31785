package io.visionstream.inference.oip;

import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Route;

import java.util.List;

/** The answer to an {@link InferenceCall}: the response id, the version that scored it in which rollout role, and the outputs. */
public record InferenceAnswer(String id, ModelRef model, Route route, List<OutputTensor> outputs) {
}
