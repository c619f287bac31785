package io.visionstream.inference.oip;

import java.util.List;

/**
 * One output tensor of an answer, whichever transport writes it: {@code data} is FP32 values ({@code float[]}) or
 * BYTES strings ({@code List<String>}), flat row-major; {@code raw} says whether it is sent in the raw layout
 * ({@link #rawBytes()}) rather than as typed values.
 */
public record OutputTensor(String name, String datatype, long[] shape, Object data, boolean raw) {

    /** The data in the raw layout of {@link RawTensorData}. */
    public byte[] rawBytes() {
        if (data instanceof float[] floats) {
            return RawTensorData.encode(floats);
        }
        return RawTensorData.encode(strings());
    }

    /** The BYTES data; only for a {@link Datatype#BYTES} tensor. */
    @SuppressWarnings("unchecked")
    public List<String> strings() {
        return (List<String>) data;
    }

    /** The FP32 data; only for a {@link Datatype#FP32} tensor. */
    public float[] floats() {
        return (float[]) data;
    }
}
