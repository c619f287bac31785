package io.visionstream.inference.oip;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tensor in the protocol's raw layout, shared by the REST binary tensor data extension and gRPC's
 * {@code raw_input_contents} / {@code raw_output_contents}: FP32 as little-endian floats, BYTES as each element's
 * 4-byte little-endian length followed by its bytes. Reading and writing the layout live here only.
 */
public record RawTensorData(ByteBuffer bytes) implements TensorData {

    public RawTensorData {
        bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public float[] floats() {
        if (bytes.remaining() % Float.BYTES != 0) {
            throw OipException.badRequest("raw FP32 data has " + bytes.remaining() + " bytes, not a multiple of 4");
        }
        float[] floats = new float[bytes.remaining() / Float.BYTES];
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
        return floats;
    }

    @Override
    public List<byte[]> elements() {
        List<byte[]> elements = new ArrayList<>();
        ByteBuffer data = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) {
            long length = data.remaining() >= Integer.BYTES ? Integer.toUnsignedLong(data.getInt()) : -1;
            if (length < 0 || length > data.remaining()) {
                throw OipException.badRequest("raw BYTES data is truncated: element " + elements.size()
                        + " does not fit in the " + bytes.remaining() + " bytes sent");
            }
            byte[] element = new byte[(int) length];
            data.get(element);
            elements.add(element);
        }
        return elements;
    }

    /** {@code floats} in the raw layout. */
    static byte[] encode(float[] floats) {
        ByteBuffer buffer = ByteBuffer.allocate(floats.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(floats);
        return buffer.array();
    }

    /** {@code strings} (UTF-8) in the raw layout. */
    static byte[] encode(List<String> strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String element : strings) {
            byte[] utf8 = element.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            out.writeBytes(utf8);
        }
        return out.toByteArray();
    }
}
