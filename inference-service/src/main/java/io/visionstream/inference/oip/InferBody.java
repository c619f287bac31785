package io.visionstream.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An inference request body: the JSON request, followed, with the binary tensor data extension, by the inputs' raw
 * bytes ({@code Inference-Header-Content-Length} gives the JSON's length; without it the whole body is JSON).
 */
record InferBody(InferRequest request, ByteBuffer binary) {

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
}
