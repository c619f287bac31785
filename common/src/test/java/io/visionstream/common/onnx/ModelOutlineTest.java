package io.visionstream.common.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.visionstream.common.testing.TinyClassifiers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outline of a model is the model with every tensor's values left out, wherever the tensor is. */
class ModelOutlineTest {

    @Test
    void isTheModelWithoutItsInitialisersValues() throws IOException {
        byte[] onnx = TinyClassifiers.columnClassifier(3, 4);
        OnnxMl.ModelProto.Builder expected = OnnxMl.ModelProto.parseFrom(onnx).toBuilder();
        expected.getGraphBuilder().getInitializerBuilderList().forEach(t -> t.clearRawData().clearFloatData());

        assertThat(ModelOutline.read(onnx)).isEqualTo(expected.build());
        assertThat(ModelOutline.read(new ByteArrayInputStream(onnx))).isEqualTo(expected.build());
        assertThat(ModelOutline.read(onnx).getGraph().getInitializerList()).extracting(OnnxMl.TensorProto::getName).containsExactly("W", "B");
    }

    @Test
    void leavesOutTheValuesOfTensorsAnywhereAndKeepsTheirNamesTypesAndDims() throws IOException {
        assertThat(ModelOutline.read(tensorsEverywhere(true).toByteArray())).isEqualTo(tensorsEverywhere(false));
        assertThat(ModelOutline.read(new ByteArrayInputStream(tensorsEverywhere(true).toByteArray()))).isEqualTo(tensorsEverywhere(false));
    }

    @Test
    void keepsWhereATensorSaysItsDataIs() throws IOException {
        OnnxMl.ModelProto outline = ModelOutline.read(TinyClassifiers.columnClassifierWithExternalWeights(3, 4, "../../etc/passwd"));

        assertThat(ExternalTensors.first(outline)).contains("W");
    }

    @Test
    void refusesExactlyThePrefixesProtobufRefuses() {
        byte[] onnx = tensorsEverywhere(true).toByteArray();
        for (int length = 1; length < onnx.length; length++) {
            byte[] prefix = Arrays.copyOf(onnx, length);
            boolean protobufRefuses = refuses(() -> OnnxMl.ModelProto.parseFrom(prefix));
            assertThat(refuses(() -> ModelOutline.read(prefix))).as("prefix of %d bytes", length).isEqualTo(protobufRefuses);
            assertThat(refuses(() -> ModelOutline.read(new ByteArrayInputStream(prefix)))).as("streamed prefix of %d bytes", length)
                    .isEqualTo(protobufRefuses);
        }
        assertThatThrownBy(() -> ModelOutline.read("not onnx".getBytes())).isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void refusesGraphsNestedDeeperThanProtobufAllows() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("innermost").build();
        for (int level = 0; level < ModelOutline.MAX_DEPTH; level++) {
            graph = OnnxMl.GraphProto.newBuilder().addNode(OnnxMl.NodeProto.newBuilder().setOpType("If")
                    .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("then_branch").setG(graph))).build();
        }
        byte[] deep = OnnxMl.ModelProto.newBuilder().setGraph(graph).build().toByteArray();

        assertThatThrownBy(() -> ModelOutline.read(deep)).isInstanceOf(InvalidProtocolBufferException.class).hasMessageContaining("deeper than 100");
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static boolean refuses(Read read) {
        try {
            read.run();
            return false;
        } catch (InvalidProtocolBufferException e) {
            return true;
        } catch (IOException e) {
            throw new AssertionError("reading an array fails only as an invalid protobuf", e);
        }
    }

    /**
     * A model with a tensor in every place one can be (initialiser, sparse initialiser, node attribute, a subgraph's
     * initialiser, a function's node, a training graph), each with its values or without.
     */
    private static OnnxMl.ModelProto tensorsEverywhere(boolean withValues) {
        OnnxMl.GraphProto subgraph = OnnxMl.GraphProto.newBuilder().setName("then").addInitializer(tensor("in_subgraph", withValues)).build();
        OnnxMl.SparseTensorProto sparse = OnnxMl.SparseTensorProto.newBuilder().setValues(tensor("sparse_values", withValues))
                .setIndices(tensor("sparse_indices", withValues)).addDims(4).build();
        OnnxMl.NodeProto constant = OnnxMl.NodeProto.newBuilder().setOpType("Constant").addOutput("c")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("value").setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                        .setT(tensor("in_attribute", withValues))).build();
        OnnxMl.NodeProto branch = OnnxMl.NodeProto.newBuilder().setOpType("If").addInput("cond").addOutput("y")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("then_branch").setType(OnnxMl.AttributeProto.AttributeType.GRAPH)
                        .setG(subgraph))
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("tables").setType(OnnxMl.AttributeProto.AttributeType.TENSORS)
                        .addTensors(tensor("in_attribute_list", withValues))).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("main").addNode(constant).addNode(branch)
                .addInitializer(tensor("initialiser", withValues)).addSparseInitializer(sparse)
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("cond")).addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y")).build();
        OnnxMl.FunctionProto function = OnnxMl.FunctionProto.newBuilder().setName("f").setDomain("local").addNode(constant.toBuilder()
                .setAttribute(0, constant.getAttribute(0).toBuilder().setT(tensor("in_function", withValues)))).build();
        OnnxMl.TrainingInfoProto training = OnnxMl.TrainingInfoProto.newBuilder()
                .setInitialization(OnnxMl.GraphProto.newBuilder().setName("init").addInitializer(tensor("in_training", withValues))).build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph)
                .addFunctions(function).addTrainingInfo(training).build();
    }

    private static OnnxMl.TensorProto tensor(String name, boolean withValues) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(2);
        if (withValues) {
            tensor.addFloatData(1f).addFloatData(2f).setRawData(ByteString.copyFrom(new byte[8])).addInt64Data(3).addInt32Data(4)
                    .addDoubleData(5).addUint64Data(6).addStringData(ByteString.copyFromUtf8("seven"));
        }
        return tensor.build();
    }
}
