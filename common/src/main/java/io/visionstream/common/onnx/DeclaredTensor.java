package io.visionstream.common.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.Arrays;
import java.util.Locale;

/**
 * A tensor as an ONNX graph declares it at an input or output: its element type (the ONNX {@code TensorProto.DataType}
 * number; ONNX Runtime's Java enum numbers types differently, only its names match) and its shape, {@link #DYNAMIC}
 * for a symbolic or unknown dimension. Neutral on purpose: the trainer builds it from the ONNX protobuf, the inference service from ONNX
 * Runtime's {@code TensorInfo}, and {@link ManifestFit} judges both the same way.
 */
public record DeclaredTensor(int elementType, long[] shape) {

    /** A dimension the graph leaves open (symbolic or unknown). */
    public static final long DYNAMIC = -1;
    /** The element type of a value that is not a tensor (a sequence or a map). */
    public static final int NOT_A_TENSOR = OnnxMl.TensorProto.DataType.UNDEFINED_VALUE;
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;

    public DeclaredTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean isFloat() {
        return elementType == FLOAT;
    }

    /** E.g. {@code float[-1, 3, 224, 224]}. */
    @Override
    public String toString() {
        OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(elementType);
        return (type == null ? "type " + elementType : type.name().toLowerCase(Locale.ROOT)) + Arrays.toString(shape);
    }
}
