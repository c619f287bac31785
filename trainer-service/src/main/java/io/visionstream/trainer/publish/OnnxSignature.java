package io.visionstream.trainer.publish;

import ai.onnx.proto.OnnxMl;
import io.visionstream.common.manifest.ModelManifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inputs and outputs an ONNX graph declares (name, element type, shape; {@code -1} for a symbolic or unknown
 * dimension), read from the file without running it, so a model can be checked against its manifest before it
 * becomes an immutable registry version.
 */
public record OnnxSignature(Map<String, Tensor> inputs, Map<String, Tensor> outputs, long opset) {

    private static final long UNKNOWN = -1;

    /** A declared tensor: ONNX element type and shape. */
    public record Tensor(int elementType, long[] shape) {
        boolean isFloat() {
            return elementType == OnnxMl.TensorProto.DataType.FLOAT_VALUE;
        }

        @Override
        public String toString() {
            return (isFloat() ? "float" : "type " + elementType) + Arrays.toString(shape);
        }
    }

    /**
     * Reads the signature; fails with an {@link IOException} naming the problem if the bytes are not an ONNX model or
     * keep tensors outside the file ({@link io.visionstream.common.onnx.ExternalTensors}).
     */
    public static OnnxSignature read(Path file) throws IOException {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException("not an ONNX model (protobuf parse failed: " + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new IOException("not an ONNX model (no graph with nodes)");
        }
        java.util.Optional<String> external = io.visionstream.common.onnx.ExternalTensors.first(model);
        if (external.isPresent()) {
            throw new IOException("tensor '" + external.get() + "' keeps its data in an external file; only self-contained ONNX files "
                    + "(every weight inside model.onnx) are registered");
        }
        OnnxMl.GraphProto graph = model.getGraph();
        Set<String> initialisers = new HashSet<>();
        graph.getInitializerList().forEach(t -> initialisers.add(t.getName()));
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        graph.getInputList().stream().filter(v -> !initialisers.contains(v.getName())).forEach(v -> inputs.put(v.getName(), tensor(v)));
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        graph.getOutputList().forEach(v -> outputs.put(v.getName(), tensor(v)));
        long opset = model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OnnxMl.OperatorSetIdProto::getVersion).max().orElse(UNKNOWN);
        return new OnnxSignature(inputs, outputs, opset);
    }

    /** Everything in which the graph contradicts the manifest; empty when they agree. */
    public List<String> mismatches(ModelManifest manifest) {
        List<String> problems = new ArrayList<>();
        ModelManifest.InputSpec spec = manifest.input();
        if (inputs.size() != 1 || !inputs.containsKey(spec.name())) {
            problems.add("input: the manifest's input '" + spec.name() + "' must be the graph's only input, the graph has " + inputs.keySet());
        } else {
            Tensor input = inputs.get(spec.name());
            long[] s = input.shape();
            long[] image = s.length == 4 ? spec.layout().imageDims(s) : null;
            if (!input.isFloat() || image == null || !fits(image[0], spec.channels()) || !fits(image[1], spec.height()) || !fits(image[2], spec.width())) {
                problems.add("input: '" + spec.name() + "' is " + input + " but the manifest describes float "
                        + spec.layout().describe(spec.channels(), spec.height(), spec.width()));
            } else if (s[0] > 1) {
                problems.add("input: '" + spec.name() + "' fixes the batch size at " + s[0] + "; only a dynamic batch or 1 can be served");
            }
        }
        String field = manifest.outputs().scoresAreLogits() ? "outputs.logits" : "outputs.probabilities";
        String scores = manifest.outputs().scores();
        Tensor output = outputs.get(scores);
        if (output == null) {
            problems.add(field + ": the graph has no output '" + scores + "' (outputs: " + outputs.keySet() + ")");
        } else if (!output.isFloat() || output.shape().length != 2 || !fits(output.shape()[1], manifest.labels().size())) {
            problems.add(field + ": '" + scores + "' is " + output + " but the manifest has " + manifest.labels().size() + " labels");
        }
        if (!manifest.outputs().scoresAreLogits() && manifest.outputs().logits() != null && !outputs.containsKey(manifest.outputs().logits())) {
            problems.add("outputs.logits: the graph has no output '" + manifest.outputs().logits() + "'");
        }
        if (manifest.outputs().embedding() != null && !outputs.containsKey(manifest.outputs().embedding())) {
            problems.add("outputs.embedding: the graph has no output '" + manifest.outputs().embedding() + "'");
        }
        return problems;
    }

    private static boolean fits(long declared, long expected) {
        return declared == UNKNOWN || declared == expected;
    }

    private static Tensor tensor(OnnxMl.ValueInfoProto value) {
        if (!value.getType().hasTensorType()) {
            return new Tensor(OnnxMl.TensorProto.DataType.UNDEFINED_VALUE, new long[0]);
        }
        OnnxMl.TypeProto.Tensor tensor = value.getType().getTensorType();
        long[] shape = tensor.getShape().getDimList().stream()
                .mapToLong(d -> d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : UNKNOWN).toArray();
        return new Tensor(tensor.getElemType(), shape);
    }
}
