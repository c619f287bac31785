package io.visionstream.common.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds tensors an ONNX model keeps outside its file ({@code TensorProto.data_location = EXTERNAL}, or external data
 * entries). ONNX Runtime would read them from a path the graph names: a registered model could make every inference
 * replica read a file of the graph's choosing, bytes the manifest's sha256 never covered. So registration (trainer)
 * and loading (inference) both refuse such models. Every place a tensor can be is searched: initialisers, sparse
 * initialisers, node attributes and their subgraphs, in the main graph, model-local functions and training graphs.
 */
public final class ExternalTensors {

    private ExternalTensors() {
    }

    /** The name of the first tensor stored outside the file, if any. */
    public static Optional<String> first(OnnxMl.ModelProto model) {
        return Stream.of(inGraph(model.getGraph()),
                        model.getFunctionsList().stream().flatMap(function -> function.getNodeList().stream()).flatMap(ExternalTensors::inNode),
                        model.getTrainingInfoList().stream().flatMap(t -> Stream.concat(inGraph(t.getInitialization()), inGraph(t.getAlgorithm()))))
                .flatMap(Function.identity())
                .filter(t -> t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0)
                .map(OnnxMl.TensorProto::getName).findFirst();
    }

    private static Stream<OnnxMl.TensorProto> inGraph(OnnxMl.GraphProto graph) {
        return Stream.of(graph.getInitializerList().stream(), graph.getSparseInitializerList().stream().flatMap(ExternalTensors::inSparse),
                graph.getNodeList().stream().flatMap(ExternalTensors::inNode)).flatMap(Function.identity());
    }

    private static Stream<OnnxMl.TensorProto> inNode(OnnxMl.NodeProto node) {
        return node.getAttributeList().stream().flatMap(a -> Stream.of(Stream.of(a.getT()), a.getTensorsList().stream(), inSparse(a.getSparseTensor()),
                a.getSparseTensorsList().stream().flatMap(ExternalTensors::inSparse), inGraph(a.getG()),
                a.getGraphsList().stream().flatMap(ExternalTensors::inGraph)).flatMap(Function.identity()));
    }

    private static Stream<OnnxMl.TensorProto> inSparse(OnnxMl.SparseTensorProto sparse) {
        return Stream.of(sparse.getValues(), sparse.getIndices());
    }
}
