package io.visionstream.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code POST /v2/models/{m}/infer} as the Open Inference Protocol defines it; {@code id} also picks
 * the canary bucket, like the image id on the stream.
 */
public record InferRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<RequestedOutput> outputs) {

    /** One input tensor: {@code data} is flat or nested row-major, numbers for FP32, strings for BYTES. */
    public record Input(String name, long[] shape, String datatype, Map<String, Object> parameters, JsonNode data) {
    }

    /** An output the caller wants; {@code parameters.classification = k} asks for the top k as strings. */
    public record RequestedOutput(String name, Map<String, Object> parameters) {
    }
}
