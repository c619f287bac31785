package io.visionstream.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * An inference request body: the JSON request, followed, with the binary tensor data extension, by the inputs' raw
 * bytes ({@code Inference-Header-Content-Length} gives the JSON's length; without it the whole body is JSON).
 */
record InferBody(InferRequest request, ByteBuffer binary) {

    static final String BINARY_DATA_SIZE = "binary_data_size";

    static InferBody read(byte[] body, Integer jsonLength, ObjectMapper mapper) {
        int length = jsonLength == null ? body.length : jsonLength;
        if (length < 0 || length > body.length) {
            throw OipException.badRequest("Inference-Header-Content-Length is " + jsonLength + " but the body has " + body.length + " bytes");
        }
        try {
            InferRequest request = mapper.readValue(body, 0, length, InferRequest.class);
            if (request == null) {
                throw OipException.badRequest("the body is empty");
            }
            return new InferBody(request, ByteBuffer.wrap(body, length, body.length - length).slice().order(ByteOrder.LITTLE_ENDIAN));
        } catch (JsonProcessingException e) {
            throw OipException.badRequest("the request is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw OipException.badRequest("the request cannot be read: " + e.getMessage());
        }
    }

    /** The request as both transports describe it; an input's data is its JSON or, with binary_data_size, the bytes after the JSON. */
    InferenceCall call() {
        List<InputTensor> inputs = request.inputs() == null ? null : request.inputs().stream()
                .map(input -> new InputTensor(input.name(), input.datatype(), input.shape(), data(input)))
                .toList();
        boolean binaryOutputs = Boolean.TRUE.equals(parameter(request.parameters(), "binary_data_output"));
        return new InferenceCall(request.id(), inputs, request.outputs(), binaryOutputs);
    }

    private TensorData data(InferRequest.Input input) {
        Object size = parameter(input.parameters(), BINARY_DATA_SIZE);
        if (size == null) {
            if (binary.hasRemaining()) {
                throw OipException.badRequest(binary.remaining() + " bytes follow the JSON but the input has no " + BINARY_DATA_SIZE);
            }
            return input.data() == null ? null : new JsonTensorData(input.data());
        }
        if (!(size instanceof Number bytes) || bytes.longValue() != binary.remaining()) {
            throw OipException.badRequest(BINARY_DATA_SIZE + " is " + size + " but " + binary.remaining() + " bytes follow the JSON");
        }
        return new RawTensorData(binary);
    }

    private static Object parameter(Map<String, Object> parameters, String name) {
        return parameters == null ? null : parameters.get(name);
    }
}
