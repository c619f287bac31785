package io.visionstream.trainer.publish;

import ai.onnx.proto.OnnxMl;
import io.visionstream.common.onnx.DeclaredTensor;
import io.visionstream.common.onnx.ExternalTensors;
import io.visionstream.common.onnx.GraphSignature;
import io.visionstream.common.onnx.ModelOutline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an ONNX file declares, read from its protobuf without running it: the graph's signature, which
 * {@link io.visionstream.common.onnx.ManifestFit} checks against the manifest before the model becomes an immutable
 * registry version, and the opset a drafted manifest records. The file is read as a {@link ModelOutline}: the weights
 * are skipped, so a model of any size is checked in the heap its graph needs.
 */
public record OnnxSignature(GraphSignature graph, long opset) {

    private static final long UNKNOWN_OPSET = -1;

    /**
     * Reads the signature; fails with an {@link IOException} naming the problem if the bytes are not an ONNX model or
     * keep tensors outside the file ({@link ExternalTensors}).
     */
    public static OnnxSignature read(Path file) throws IOException {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelOutline.read(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException("not an ONNX model (protobuf parse failed: " + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new IOException("not an ONNX model (no graph with nodes)");
        }
        Optional<String> external = ExternalTensors.first(model);
        if (external.isPresent()) {
            throw new IOException("tensor '" + external.get() + "' keeps its data in an external file; only self-contained ONNX files "
                    + "(every weight inside model.onnx) are registered");
        }
        OnnxMl.GraphProto graph = model.getGraph();
        Set<String> initialisers = new HashSet<>();
        graph.getInitializerList().forEach(t -> initialisers.add(t.getName()));
        Map<String, DeclaredTensor> inputs = new LinkedHashMap<>();
        graph.getInputList().stream().filter(v -> !initialisers.contains(v.getName())).forEach(v -> inputs.put(v.getName(), tensor(v)));
        Map<String, DeclaredTensor> outputs = new LinkedHashMap<>();
        graph.getOutputList().forEach(v -> outputs.put(v.getName(), tensor(v)));
        long opset = model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OnnxMl.OperatorSetIdProto::getVersion).max().orElse(UNKNOWN_OPSET);
        return new OnnxSignature(new GraphSignature(inputs, outputs), opset);
    }

    private static DeclaredTensor tensor(OnnxMl.ValueInfoProto value) {
        if (!value.getType().hasTensorType()) {
            return new DeclaredTensor(DeclaredTensor.NOT_A_TENSOR, new long[0]);
        }
        OnnxMl.TypeProto.Tensor tensor = value.getType().getTensorType();
        long[] shape = tensor.getShape().getDimList().stream()
                .mapToLong(d -> d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : DeclaredTensor.DYNAMIC).toArray();
        return new DeclaredTensor(tensor.getElemType(), shape);
    }
}
