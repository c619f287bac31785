package io.visionstream.inference.oip.grpc;

import io.visionstream.inference.oip.InferRequest;
import io.visionstream.inference.oip.InferenceCall;
import io.visionstream.inference.oip.InputTensor;
import io.visionstream.inference.oip.OipException;
import io.visionstream.inference.oip.RawTensorData;
import io.visionstream.inference.oip.TensorData;
import io.visionstream.inference.oip.grpc.v2.InferParameter;
import io.visionstream.inference.oip.grpc.v2.ModelInferRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code ModelInferRequest} as an {@link InferenceCall}. As the protocol says, either every input is in
 * {@code raw_input_contents} (one entry per input, in order) and none has {@code contents}, or none is; outputs come
 * back raw when the inputs were raw or the request's {@code binary_data_output} parameter is true.
 */
final class ProtoCalls {

    private ProtoCalls() {
    }

    static InferenceCall call(ModelInferRequest request) {
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw OipException.badRequest("raw_input_contents has " + request.getRawInputContentsCount() + " entries for "
                    + request.getInputsCount() + " inputs; it needs one per input, in order");
        }
        List<InputTensor> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            if (raw && input.hasContents()) {
                throw OipException.badRequest("input '" + input.getName() + "' has contents although the request uses raw_input_contents; use one or the other");
            }
            TensorData data = raw ? new RawTensorData(request.getRawInputContents(i).asReadOnlyByteBuffer())
                    : input.hasContents() ? new ContentsTensorData(input.getName(), input.getContents()) : null;
            long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
            inputs.add(new InputTensor(input.getName(), input.getDatatype(), shape, data));
        }
        List<InferRequest.RequestedOutput> outputs = request.getOutputsList().stream()
                .map(output -> new InferRequest.RequestedOutput(output.getName(), parameters(output.getParametersMap())))
                .toList();
        boolean rawOutputs = raw || Boolean.TRUE.equals(parameters(request.getParametersMap()).get("binary_data_output"));
        return new InferenceCall(request.getId(), inputs, outputs, rawOutputs);
    }

    /** Parameters as the REST surface reads them from JSON: Boolean, Long or String. */
    private static Map<String, Object> parameters(Map<String, InferParameter> parameters) {
        Map<String, Object> values = new HashMap<>();
        parameters.forEach((name, parameter) -> {
            switch (parameter.getParameterChoiceCase()) {
                case BOOL_PARAM -> values.put(name, parameter.getBoolParam());
                case INT64_PARAM -> values.put(name, parameter.getInt64Param());
                case STRING_PARAM -> values.put(name, parameter.getStringParam());
                case PARAMETERCHOICE_NOT_SET -> throw OipException.badRequest("parameter '" + name + "' has no value");
            }
        });
        return values;
    }
}
