package io.visionstream.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A REST input's JSON {@code data}: numbers for FP32, strings (base64 or raw characters) for BYTES, flat or nested. */
record JsonTensorData(JsonNode data) implements TensorData {

    @Override
    public float[] floats() {
        List<JsonNode> values = flatten();
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            if (!values.get(i).isNumber()) {
                throw OipException.badRequest("FP32 data must be numbers, found " + values.get(i).getNodeType());
            }
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }

    @Override
    public List<byte[]> elements() {
        List<byte[]> elements = new ArrayList<>();
        for (JsonNode value : flatten()) {
            if (!value.isTextual()) {
                throw OipException.badRequest("BYTES data must be strings (base64 or raw), found " + value.getNodeType());
            }
            elements.add(bytes(value.textValue()));
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

    private List<JsonNode> flatten() {
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
