package io.visionstream.inference.oip;

import java.util.List;

/**
 * An inference request as both transports read it: its id (which also picks the sticky canary bucket), its input
 * tensors, the outputs asked for ({@code parameters.classification = k} for the top k as strings) and whether
 * outputs not saying otherwise come back in the raw layout.
 */
public record InferenceCall(String id, List<InputTensor> inputs, List<InferRequest.RequestedOutput> outputs, boolean rawOutputs) {
}
