package io.visionstream.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.image.DecodeTarget;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Splits a request's one input tensor into batch elements: FP32 {@code [N, C, H, W]} into N model tensors, BYTES
 * {@code [N]} into N JPEG or PNG images decoded by the service's {@link ImageDecoder} with its limits. The data is
 * JSON (numbers flat or nested; strings in base64 or the raw bytes as characters) or, with the binary tensor data
 * extension, little-endian floats or length-prefixed elements after the JSON. Everything is checked before anything
 * is scored.
 */
final class InputTensors {

    static final String BINARY_DATA_SIZE = "binary_data_size";

    private InputTensors() {
    }

    static List<InputItem> items(InferBody body, String inputName, int maxItems, ImageDecoder decoder, DecodeTarget target) {
        List<InferRequest.Input> inputs = body.request().inputs();
        if (inputs == null || inputs.size() != 1) {
            throw OipException.badRequest("expected exactly one input, '" + inputName + "'");
        }
        InferRequest.Input input = inputs.get(0);
        if (!inputName.equals(input.name())) {
            throw OipException.badRequest("unexpected inference input '" + input.name() + "', the model's input is '" + inputName + "'");
        }
        ByteBuffer binary = binaryData(input, body.binary());
        if (input.shape() == null || input.shape().length == 0 || (input.data() == null && binary == null)) {
            throw OipException.badRequest("input '" + inputName + "' needs a shape and data");
        }
        long batch = input.shape()[0];
        if (batch < 1) {
            throw OipException.badRequest("the batch dimension must be >= 1, was " + batch);
        }
        if (batch > maxItems) {
            throw new OipException(413, "a request may carry at most " + maxItems + " batch elements, this one has " + batch);
        }
        return switch (String.valueOf(input.datatype())) {
            case Datatype.FP32 -> tensors(input.shape(), binary != null ? floats(binary) : numbers(input.data()));
            case Datatype.BYTES -> images(input.shape(), binary != null ? elements(binary) : strings(input.data()), decoder, target);
            default -> throw OipException.badRequest("input '" + inputName + "' must be FP32 (preprocessed) or BYTES (encoded images), was "
                    + input.datatype());
        };
    }

    /** The input's binary data, or null when it is sent as JSON. */
    private static ByteBuffer binaryData(InferRequest.Input input, ByteBuffer binary) {
        Object size = input.parameters() == null ? null : input.parameters().get(BINARY_DATA_SIZE);
        if (size == null) {
            if (binary.hasRemaining()) {
                throw OipException.badRequest(binary.remaining() + " bytes follow the JSON but the input has no " + BINARY_DATA_SIZE);
            }
            return null;
        }
        if (!(size instanceof Number bytes) || bytes.longValue() != binary.remaining()) {
            throw OipException.badRequest(BINARY_DATA_SIZE + " is " + size + " but " + binary.remaining() + " bytes follow the JSON");
        }
        return binary;
    }

    private static List<InputItem> tensors(long[] shape, float[] values) {
        if (shape.length != 4 || shape[1] < 1 || shape[2] < 1 || shape[3] < 1) {
            throw OipException.badRequest("an FP32 input has shape [batch, C, H, W], was " + Arrays.toString(shape));
        }
        int batch = (int) shape[0];
        long perItem = shape[1] * shape[2] * shape[3];
        if (values.length != batch * perItem) {
            throw OipException.badRequest("shape " + Arrays.toString(shape) + " needs " + batch * perItem + " values, the data has " + values.length);
        }
        List<InputItem> items = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            float[] tensor = Arrays.copyOfRange(values, (int) (i * perItem), (int) ((i + 1) * perItem));
            items.add(InputItem.tensor(tensor, new long[] {shape[1], shape[2], shape[3]}));
        }
        return items;
    }

    private static List<InputItem> images(long[] shape, List<byte[]> encoded, ImageDecoder decoder, DecodeTarget target) {
        if (shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
            throw OipException.badRequest("a BYTES input has shape [batch] or [batch, 1], one encoded image each");
        }
        if (encoded.size() != shape[0]) {
            throw OipException.badRequest("shape " + Arrays.toString(shape) + " needs " + shape[0] + " images, the data has " + encoded.size());
        }
        List<InputItem> items = new ArrayList<>(encoded.size());
        for (byte[] image : encoded) {
            try {
                items.add(InputItem.image(decoder.decode(image, null, target)));
            } catch (ImageRejectedException e) {
                throw new OipException(switch (e.reason()) {
                    case TOO_LARGE, TOO_MANY_PIXELS -> 413;
                    default -> 400;
                }, e.reason() + ": " + e.getMessage());
            }
        }
        return items;
    }

    private static float[] numbers(JsonNode data) {
        List<JsonNode> values = flatten(data);
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            if (!values.get(i).isNumber()) {
                throw OipException.badRequest("FP32 data must be numbers, found " + values.get(i).getNodeType());
            }
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }

    private static float[] floats(ByteBuffer binary) {
        if (binary.remaining() % Float.BYTES != 0) {
            throw OipException.badRequest("binary FP32 data has " + binary.remaining() + " bytes, not a multiple of 4");
        }
        float[] floats = new float[binary.remaining() / Float.BYTES];
        binary.asFloatBuffer().get(floats);
        return floats;
    }

    private static List<byte[]> strings(JsonNode data) {
        List<byte[]> elements = new ArrayList<>();
        for (JsonNode value : flatten(data)) {
            if (!value.isTextual()) {
                throw OipException.badRequest("BYTES data must be strings (base64 or raw), found " + value.getNodeType());
            }
            elements.add(bytes(value.textValue()));
        }
        return elements;
    }

    /** Binary BYTES: each element a 4-byte little-endian length, then its bytes. */
    private static List<byte[]> elements(ByteBuffer binary) {
        List<byte[]> elements = new ArrayList<>();
        ByteBuffer data = binary.duplicate().order(binary.order());
        while (data.hasRemaining()) {
            long length = data.remaining() >= Integer.BYTES ? Integer.toUnsignedLong(data.getInt()) : -1;
            if (length < 0 || length > data.remaining()) {
                throw OipException.badRequest("binary BYTES data is truncated: element " + elements.size() + " does not fit the "
                        + BINARY_DATA_SIZE);
            }
            byte[] element = new byte[(int) length];
            data.get(element);
            elements.add(element);
        }
        return elements;
    }

    /** Base64 when the string is valid base64, else the string's characters as bytes (the raw form of JSON BYTES). */
    private static byte[] bytes(String element) {
        try {
            return Base64.getDecoder().decode(element);
        } catch (IllegalArgumentException notBase64) {
            return element.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static List<JsonNode> flatten(JsonNode data) {
        List<JsonNode> values = new ArrayList<>();
        collect(data, values);
        return values;
    }

    private static void collect(JsonNode node, List<JsonNode> values) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, values));
        } else {
            values.add(node);
        }
    }
}
