package io.visionstream.common.testing;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.onnx.OnnxGraphBuilder;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Small but real ONNX image classifiers for tests, with a known answer: the input is C x 2 x K (K = number of
 * classes) and class k's logit is {@value #GAIN} times the sum of column k, so an image whose column k is white on
 * black is classified as k with probability ~1. The graph is Flatten -> Gemm -> Softmax with a dynamic batch
 * dimension, outputs {@code logits} and {@code probabilities}, like the models the trainer exports.
 */
public final class TinyClassifiers {

    public static final int HEIGHT = 2;
    private static final float GAIN = 10f;

    private TinyClassifiers() {
    }

    /** Publishes a column classifier for {@code labels} into the registry as a new version of {@code name}. */
    public static ModelVersion publish(ModelRegistry registry, String name, ColourMode colour, List<String> labels) {
        byte[] onnx = columnClassifier(colour.channels(), labels.size());
        return registry.publish(manifest(name, colour, labels), dir -> Files.write(dir.resolve("model.onnx"), onnx));
    }

    /** The draft manifest of a column classifier: input C x 2 x K, values scaled to [0, 1]. */
    public static ModelManifest manifest(String name, ColourMode colour, List<String> labels) {
        int c = colour.channels();
        List<Double> zeros = c == 1 ? List.of(0.0) : List.of(0.0, 0.0, 0.0);
        List<Double> ones = c == 1 ? List.of(1.0) : List.of(1.0, 1.0, 1.0);
        return new ModelManifest(ModelManifest.SCHEMA_VERSION, name, 0, null, new ModelManifest.Architecture("column-classifier", null),
                new ModelManifest.InputSpec("input", c, HEIGHT, labels.size()),
                new ModelManifest.OutputNames("logits", "probabilities", null),
                new PreprocessSpec(colour, ResizeSpec.direct(HEIGHT, labels.size()), 1.0 / 255, zeros, ones),
                labels, null, null, new ModelManifest.OnnxFile("model.onnx", null, 17, false), null);
    }

    /** Input, outputs, weights (class k reads column (k - shift) mod K) and the flattened input {@code flat}. */
    private static OnnxGraphBuilder columnBase(int channels, int classes, int shift) {
        int features = channels * HEIGHT * classes;
        float[] weights = new float[classes * features];
        for (int k = 0; k < classes; k++) {
            int column = Math.floorMod(k - shift, classes);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < HEIGHT; y++) {
                    weights[k * features + (c * HEIGHT + y) * classes + column] = GAIN;
                }
            }
        }
        return new OnnxGraphBuilder("column-classifier")
                .input("input", channels, HEIGHT, classes)
                .output("logits", classes)
                .output("probabilities", classes)
                .initializer("W", weights, classes, features)
                .initializer("B", new float[classes], classes)
                .node("Flatten", List.of("input"), "flat", OnnxGraphBuilder.intAttr("axis", 1));
    }

    /** A column classifier whose only class-score output is {@code logits} (no softmax in the graph). */
    public static byte[] logitsOnlyColumnClassifier(int channels, int classes) {
        OnnxMl.GraphProto.Builder graph = parse(columnBase(channels, classes, 0)
                .node("Gemm", List.of("flat", "W", "B"), "logits", OnnxGraphBuilder.intAttr("transB", 1))
                .toBytes(17, "visionstream-tests")).getGraphBuilder();
        graph.removeOutput(1);
        return rebuild(graph);
    }

    /** The column classifier with a TensorFlow-style NHWC input {@code [batch, 2, K, C]}, transposed to NCHW inside. */
    public static byte[] nhwcColumnClassifier(int channels, int classes) {
        OnnxMl.GraphProto.Builder graph = parse(columnClassifier(channels, classes)).getGraphBuilder();
        graph.getNodeBuilderList().stream().filter(node -> node.getOpType().equals("Flatten")).findFirst().orElseThrow().setInput(0, "nchw");
        graph.addNode(0, OnnxMl.NodeProto.newBuilder().setOpType("Transpose").setName("nchw/Transpose").addInput("input").addOutput("nchw")
                .addAttribute(OnnxGraphBuilder.intsAttr("perm", 0, 3, 1, 2)));
        OnnxMl.TensorShapeProto.Builder shape = graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        shape.getDimBuilder(1).setDimValue(HEIGHT);
        shape.getDimBuilder(2).setDimValue(classes);
        shape.getDimBuilder(3).setDimValue(channels);
        return rebuild(graph);
    }

    /** The column classifier exported with a fixed batch size of 1: input {@code [1, C, 2, K]}, outputs {@code [1, K]}. */
    public static byte[] fixedBatchOneColumnClassifier(int channels, int classes) {
        OnnxMl.GraphProto.Builder graph = parse(columnClassifier(channels, classes)).getGraphBuilder();
        graph.getInputBuilderList().forEach(v -> v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0).setDimValue(1));
        graph.getOutputBuilderList().forEach(v -> v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0).setDimValue(1));
        return rebuild(graph);
    }

    /** The draft manifest of {@link #logitsOnlyColumnClassifier} or {@link #nhwcColumnClassifier} variants. */
    public static ModelManifest manifest(String name, ColourMode colour, List<String> labels, ModelManifest.OutputNames outputs,
                                         io.visionstream.common.preprocess.TensorLayout layout) {
        ModelManifest base = manifest(name, colour, labels);
        ModelManifest.InputSpec in = base.input();
        return new ModelManifest(base.schemaVersion(), name, 0, null, base.architecture(),
                new ModelManifest.InputSpec(in.name(), in.channels(), in.height(), in.width(), layout), outputs,
                base.preprocess(), labels, null, null, base.onnx(), null);
    }

    private static OnnxMl.ModelProto.Builder parse(byte[] onnx) {
        try {
            return OnnxMl.ModelProto.parseFrom(onnx).toBuilder();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the column classifier is valid ONNX", e);
        }
    }

    private static byte[] rebuild(OnnxMl.GraphProto.Builder graph) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("visionstream-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build().toByteArray();
    }

    /** A PNG, {@code classes} wide and 2 high, black except column {@code hot}, which is white. */
    public static byte[] pngWithHotColumn(int classes, int hot) {
        BufferedImage image = new BufferedImage(classes, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            image.setRGB(hot, y, 0xFFFFFF);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The ONNX bytes of a column classifier. */
    public static byte[] columnClassifier(int channels, int classes) {
        return columnGraph(channels, classes, false);
    }

    /**
     * The column classifier with a third output, {@code embedding} {@code [batch, C*2*K]}: the flattened input the
     * classifying layer reads, as the trainer's exports name their penultimate features - so a test knows every
     * image's embedding (its preprocessed tensor) without running the model.
     */
    public static byte[] embeddingColumnClassifier(int channels, int classes) {
        return columnBase(channels, classes, 0)
                .output("embedding", channels * HEIGHT * classes)
                .node("Gemm", List.of("flat", "W", "B"), "logits", OnnxGraphBuilder.intAttr("transB", 1))
                .node("Softmax", List.of("logits"), "probabilities", OnnxGraphBuilder.intAttr("axis", 1))
                .node("Identity", List.of("flat"), "embedding")
                .toBytes(17, "visionstream-tests");
    }

    /**
     * A column classifier that loads and warms up (all-zero input) but fails at run time on any image with a bright
     * pixel: it gathers at index 100 x max(input) from a 10-element table. A canary that breaks in production.
     */
    public static byte[] columnClassifierFailingOnBrightInput(int channels, int classes) {
        return columnGraph(channels, classes, true);
    }

    /**
     * A column classifier that answers like {@link #columnClassifier} but costs {@code matMuls} multiplications of
     * two 256 x 256 matrices more per model run (their result is multiplied by zero and added to the logits): a
     * canary with a real latency regression.
     */
    public static byte[] slowColumnClassifier(int channels, int classes, int matMuls) {
        int n = 256;
        float[] matrix = new float[n * n];
        for (int i = 0; i < n; i++) {
            matrix[i * n + i] = 1f;
        }
        OnnxGraphBuilder graph = columnBase(channels, classes, 0)
                .initializer("M", matrix, n, n)
                .initializer("nothing", new float[] {0f})
                .node("Gemm", List.of("flat", "W", "B"), "raw_logits", OnnxGraphBuilder.intAttr("transB", 1))
                // the chain starts from the input (times zero) so that ONNX Runtime cannot fold it into a constant
                .node("ReduceSum", List.of("input"), "input_sum", OnnxGraphBuilder.intAttr("keepdims", 0))
                .node("Mul", List.of("input_sum", "nothing"), "input_zero")
                .node("Add", List.of("M", "input_zero"), "busy_start");
        String previous = "busy_start";
        for (int i = 0; i < matMuls; i++) {
            graph.node("MatMul", List.of(previous, "M"), "busy" + i);
            previous = "busy" + i;
        }
        return graph.node("ReduceSum", List.of(previous), "busy_sum", OnnxGraphBuilder.intAttr("keepdims", 0))
                .node("Mul", List.of("busy_sum", "nothing"), "zero")
                .node("Add", List.of("raw_logits", "zero"), "logits")
                .node("Softmax", List.of("logits"), "probabilities", OnnxGraphBuilder.intAttr("axis", 1))
                .toBytes(17, "visionstream-tests");
    }

    /**
     * A column classifier that answers column k as class (k + 1) mod K: loads, fits its manifest and runs as fast as the
     * real one, but never agrees with it - a canary trained on the wrong labels.
     */
    public static byte[] shiftedColumnClassifier(int channels, int classes) {
        return columnBase(channels, classes, 1)
                .node("Gemm", List.of("flat", "W", "B"), "logits", OnnxGraphBuilder.intAttr("transB", 1))
                .node("Softmax", List.of("logits"), "probabilities", OnnxGraphBuilder.intAttr("axis", 1))
                .toBytes(17, "visionstream-tests");
    }

    /**
     * A column classifier whose weights {@code W} are not in the file but in {@code location} (ONNX external data,
     * as exporters write for models over 2 GiB): a graph that would make its loader read another file.
     */
    public static byte[] columnClassifierWithExternalWeights(int channels, int classes, String location) {
        try {
            OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.parseFrom(columnClassifier(channels, classes)).toBuilder();
            OnnxMl.TensorProto.Builder weights = model.getGraphBuilder().getInitializerBuilderList().stream()
                    .filter(tensor -> tensor.getName().equals("W")).findFirst().orElseThrow();
            long length = weights.getRawData().size();
            weights.clearRawData().setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                    .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("length").setValue(Long.toString(length)));
            return model.build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the column classifier is valid ONNX", e);
        }
    }

    private static byte[] columnGraph(int channels, int classes, boolean failOnBrightInput) {
        OnnxGraphBuilder graph = columnBase(channels, classes, 0);
        if (failOnBrightInput) {
            graph.initializer("hundred", new float[] {100f})
                    .initializer("table", new float[10], 10)
                    .initializer("nothing", new float[] {0f})
                    .node("Gemm", List.of("flat", "W", "B"), "raw_logits", OnnxGraphBuilder.intAttr("transB", 1))
                    .node("ReduceMax", List.of("input"), "peak", OnnxGraphBuilder.intAttr("keepdims", 0))
                    .node("Mul", List.of("peak", "hundred"), "scaled_peak")
                    .node("Cast", List.of("scaled_peak"), "index", OnnxGraphBuilder.intAttr("to", 7))
                    .node("Gather", List.of("table", "index"), "picked")
                    .node("Mul", List.of("picked", "nothing"), "zero")
                    .node("Add", List.of("raw_logits", "zero"), "logits");
        } else {
            graph.node("Gemm", List.of("flat", "W", "B"), "logits", OnnxGraphBuilder.intAttr("transB", 1));
        }
        return graph.node("Softmax", List.of("logits"), "probabilities", OnnxGraphBuilder.intAttr("axis", 1))
                .toBytes(17, "visionstream-tests");
    }
}
