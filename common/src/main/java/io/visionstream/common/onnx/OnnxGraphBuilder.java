package io.visionstream.common.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes ONNX models with the protobuf classes, for every place that emits a graph (export, test fixtures,
 * benchmarks): float tensors with a named dynamic batch dimension, initialisers stored as raw little-endian data,
 * nodes with int/ints/float attributes. {@link #toBytes(int, String)} pins the default-domain opset.
 */
public final class OnnxGraphBuilder {

    /** Name of the symbolic batch dimension of inputs and outputs. */
    public static final String BATCH = "batch";
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    private static final long IR_VERSION = 8;

    private final OnnxMl.GraphProto.Builder graph;

    public OnnxGraphBuilder(String name) {
        this.graph = OnnxMl.GraphProto.newBuilder().setName(name);
    }

    /** A float graph input {@code [batch, dims...]}. */
    public OnnxGraphBuilder input(String name, int... dims) {
        graph.addInput(batchedFloat(name, dims));
        return this;
    }

    /** A float graph output {@code [batch, dims...]}. */
    public OnnxGraphBuilder output(String name, int... dims) {
        graph.addOutput(batchedFloat(name, dims));
        return this;
    }

    /** A constant float tensor of shape {@code dims}. */
    public OnnxGraphBuilder initializer(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("initializer " + name + ": " + values.length + " values do not fill shape " + java.util.Arrays.toString(dims));
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return this;
    }

    /** A node of the default domain producing {@code output}; it is named after its output. */
    public OnnxGraphBuilder node(String op, List<String> inputs, String output, OnnxMl.AttributeProto... attributes) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output + "/" + op)
                .addAllInput(inputs).addOutput(output);
        for (OnnxMl.AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return this;
    }

    public static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static OnnxMl.AttributeProto intsAttr(String name, long... values) {
        OnnxMl.AttributeProto.Builder attribute = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }

    public static OnnxMl.AttributeProto floatAttr(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** The serialised model. */
    public byte[] toBytes(int opset, String producer) {
        return toBytes(opset, producer, java.util.Map.of());
    }

    /** The serialised model with metadata properties (readable by ONNX Runtime's {@code getMetadata()}). */
    public byte[] toBytes(int opset, String producer, java.util.Map<String, String> metadata) {
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(producer)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph);
        metadata.forEach((key, value) -> model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build().toByteArray();
    }

    /** Number of nodes so far (e.g. to see what an optimisation pass saved). */
    public int nodeCount() {
        return graph.getNodeCount();
    }

    private static OnnxMl.ValueInfoProto batchedFloat(String name, int... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape))).build();
    }
}
