package io.visionstream.inference.oip;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The protocol's inference response; {@code parameters.route} says whether stable or the canary answered, the
 * counterpart of a prediction's {@code route} on the stream.
 */
public record InferResponse(@JsonProperty("model_name") String modelName, @JsonProperty("model_version") String modelVersion,
                            String id, Map<String, Object> parameters, List<Output> outputs) {

    /**
     * One output tensor; {@code data} is flat row-major (floats, or strings for BYTES), or absent when the tensor
     * follows the JSON as binary data ({@code parameters.binary_data_size} bytes).
     */
    public record Output(String name, String datatype, long[] shape, Map<String, Object> parameters, Object data) {
    }
}
