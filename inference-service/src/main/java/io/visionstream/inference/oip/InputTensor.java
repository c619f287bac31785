package io.visionstream.inference.oip;

/**
 * One input tensor of an inference request, whichever transport carried it; {@link InputTensors} turns it into batch
 * elements with the same checks for REST and gRPC.
 */
public record InputTensor(String name, String datatype, long[] shape, TensorData data) {
}
