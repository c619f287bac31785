package io.visionstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.visionstream.common.json.Json;
import io.visionstream.common.onnx.OnnxGraphBuilder;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.arch.NetworkSpec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.visionstream.common.onnx.OnnxGraphBuilder.floatAttr;
import static io.visionstream.common.onnx.OnnxGraphBuilder.intAttr;
import static io.visionstream.common.onnx.OnnxGraphBuilder.intsAttr;

/**
 * Writes the ONNX graph (opset {@value #OPSET}) of a trained network from its spec and the DJL block built from it,
 * walking both trees together. Inference semantics: dropout and auxiliary heads are dropped, batch-norm uses its
 * running statistics, and (by default) a batch-norm right after a convolution is folded into the convolution's
 * weights. Input {@code input [batch, C, H, W]}; outputs {@code logits}, {@code probabilities} (softmax) and, when the
 * network ends in a dense layer, {@code embedding} (that layer's input). Metadata properties carry the labels, the
 * preprocessing and the model name, so the file describes itself.
 */
public final class OnnxExporter {

    public static final int OPSET = 17;
    public static final String INPUT = "input";
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";
    public static final String EMBEDDING = "embedding";

    private final OnnxGraphBuilder graph;
    private final boolean foldBatchNorm;
    private final Map<String, Integer> used = new LinkedHashMap<>();
    private String lastDenseInput;
    private int lastDenseInputWidth;

    private OnnxExporter(String name, boolean foldBatchNorm) {
        this.graph = new OnnxGraphBuilder(name);
        this.foldBatchNorm = foldBatchNorm;
    }

    /** What an export produced: the file's bytes, its node count, and whether it has an embedding output. */
    public record Exported(byte[] onnx, int nodes, boolean hasEmbedding) {
    }

    public static Exported export(NetworkSpec network, Block block, String modelName, List<String> labels, PreprocessSpec preprocess,
                                  boolean foldBatchNorm) {
        OnnxExporter exporter = new OnnxExporter(modelName, foldBatchNorm);
        exporter.graph.input(INPUT, network.channels(), network.height(), network.width());
        String logits = exporter.emit(network.body(), block, INPUT, network.arch());
        exporter.graph.node("Identity", List.of(logits), LOGITS).output(LOGITS, network.classes());
        exporter.graph.node("Softmax", List.of(LOGITS), PROBABILITIES, intAttr("axis", 1)).output(PROBABILITIES, network.classes());
        boolean embedding = exporter.lastDenseInput != null;
        if (embedding) {
            exporter.graph.node("Identity", List.of(exporter.lastDenseInput), EMBEDDING).output(EMBEDDING, exporter.lastDenseInputWidth);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("visionstream.model", modelName);
        metadata.put("visionstream.arch", network.arch());
        metadata.put("visionstream.labels", Json.toJson(labels));
        metadata.put("visionstream.preprocess", Json.toJson(preprocess));
        return new Exported(exporter.graph.toBytes(OPSET, "visionstream-trainer", metadata), exporter.graph.nodeCount(), embedding);
    }

    private String emit(LayerSpec layer, Block block, String input, String path) {
        if (layer instanceof LayerSpec.Sequential s) {
            List<Block> children = children(block);
            String current = input;
            for (int i = 0; i < s.layers().size(); i++) {
                LayerSpec child = s.layers().get(i);
                String childPath = path + "/" + (child.name() != null ? child.name() : Integer.toString(i));
                if (foldBatchNorm && child instanceof LayerSpec.Conv conv && i + 1 < s.layers().size()
                        && s.layers().get(i + 1) instanceof LayerSpec.BatchNorm bn) {
                    current = conv(conv, children.get(i), batchNormFold(bn, children.get(i + 1)), current, childPath);
                    i++;
                } else {
                    current = emit(child, children.get(i), current, childPath);
                }
            }
            return current;
        }
        if (layer instanceof LayerSpec.Conv c) {
            return conv(c, block, null, input, path);
        }
        if (layer instanceof LayerSpec.BatchNorm b) {
            Map<Parameter.Type, NDArray> p = parameters(block);
            String out = name(path);
            graph.initializer(out + ".scale", p.get(Parameter.Type.GAMMA).toFloatArray(), p.get(Parameter.Type.GAMMA).getShape().getShape())
                    .initializer(out + ".bias", p.get(Parameter.Type.BETA).toFloatArray(), p.get(Parameter.Type.BETA).getShape().getShape())
                    .initializer(out + ".mean", p.get(Parameter.Type.RUNNING_MEAN).toFloatArray(), p.get(Parameter.Type.RUNNING_MEAN).getShape().getShape())
                    .initializer(out + ".var", p.get(Parameter.Type.RUNNING_VAR).toFloatArray(), p.get(Parameter.Type.RUNNING_VAR).getShape().getShape());
            graph.node("BatchNormalization", List.of(input, out + ".scale", out + ".bias", out + ".mean", out + ".var"), out,
                    floatAttr("epsilon", b.epsilon().floatValue()));
            return out;
        }
        if (layer instanceof LayerSpec.Activation a) {
            String op = switch (a.kind()) {
                case RELU -> "Relu";
                case SIGMOID -> "Sigmoid";
                case TANH -> "Tanh";
            };
            return node(op, input, path);
        }
        if (layer instanceof LayerSpec.MaxPool p) {
            return node("MaxPool", input, path, intsAttr("kernel_shape", p.kernel().h(), p.kernel().w()),
                    intsAttr("strides", p.stride().h(), p.stride().w()), pads(p.padding().h(), p.padding().w()),
                    intAttr("ceil_mode", p.ceilMode() ? 1 : 0));
        }
        if (layer instanceof LayerSpec.AvgPool p) {
            return node("AveragePool", input, path, intsAttr("kernel_shape", p.kernel().h(), p.kernel().w()),
                    intsAttr("strides", p.stride().h(), p.stride().w()), pads(p.padding().h(), p.padding().w()),
                    intAttr("ceil_mode", p.ceilMode() ? 1 : 0), intAttr("count_include_pad", p.countIncludePad() ? 1 : 0));
        }
        if (layer instanceof LayerSpec.GlobalAvgPool) {
            return node("GlobalAveragePool", input, path);
        }
        if (layer instanceof LayerSpec.Lrn l) {
            return node("LRN", input, path, intAttr("size", l.size()), floatAttr("alpha", l.alpha().floatValue()),
                    floatAttr("beta", l.beta().floatValue()), floatAttr("bias", l.k().floatValue()));
        }
        if (layer instanceof LayerSpec.Flatten) {
            return node("Flatten", input, path, intAttr("axis", 1));
        }
        if (layer instanceof LayerSpec.Dense d) {
            Map<Parameter.Type, NDArray> p = parameters(block);
            NDArray weight = p.get(Parameter.Type.WEIGHT);
            String out = name(path);
            lastDenseInput = input;
            lastDenseInputWidth = (int) weight.getShape().get(1);
            graph.initializer(out + ".weight", weight.toFloatArray(), weight.getShape().getShape());
            List<String> inputs = new ArrayList<>(List.of(input, out + ".weight"));
            if (d.bias()) {
                NDArray bias = p.get(Parameter.Type.BIAS);
                graph.initializer(out + ".bias", bias.toFloatArray(), bias.getShape().getShape());
                inputs.add(out + ".bias");
            }
            graph.node("Gemm", inputs, out, intAttr("transB", 1));
            return out;
        }
        if (layer instanceof LayerSpec.Dropout || layer instanceof LayerSpec.AuxHead) {
            return input; // training-only
        }
        if (layer instanceof LayerSpec.Residual r) {
            List<Block> children = children(block);
            String body = emit(r.body(), children.get(0), input, path + "/body");
            if (r.scale() != 1.0) {
                String scale = name(path + "/scale");
                graph.initializer(scale + ".value", new float[] {r.scale().floatValue()});
                graph.node("Mul", List.of(body, scale + ".value"), scale);
                body = scale;
            }
            String shortcut = r.projection() == null ? input : emit(r.projection(), children.get(1), input, path + "/projection");
            String sum = name(path + "/add");
            graph.node("Add", List.of(body, shortcut), sum);
            return r.post() == null ? sum : emit(r.post(), children.get(children.size() - 1), sum, path + "/post");
        }
        if (layer instanceof LayerSpec.Concat c) {
            List<Block> children = children(block);
            List<String> outs = new ArrayList<>();
            for (int i = 0; i < c.branches().size(); i++) {
                LayerSpec branch = c.branches().get(i);
                outs.add(emit(branch, children.get(i), input, path + "/" + (branch.name() != null ? branch.name() : Integer.toString(i))));
            }
            String out = name(path);
            graph.node("Concat", outs, out, intAttr("axis", 1));
            return out;
        }
        throw new IllegalArgumentException(path + ": no ONNX export for " + layer);
    }

    /** A convolution, optionally with a following batch-norm folded into its weights and bias. */
    private String conv(LayerSpec.Conv c, Block block, float[][] fold, String input, String path) {
        Map<Parameter.Type, NDArray> p = parameters(block);
        NDArray weightArray = p.get(Parameter.Type.WEIGHT);
        float[] weight = weightArray.toFloatArray();
        int filters = c.filters();
        float[] bias = c.bias() ? p.get(Parameter.Type.BIAS).toFloatArray() : null;
        if (fold != null) {
            float[] scale = fold[0];
            float[] shift = fold[1];
            int perFilter = weight.length / filters;
            float[] folded = new float[filters];
            for (int f = 0; f < filters; f++) {
                for (int k = 0; k < perFilter; k++) {
                    weight[f * perFilter + k] *= scale[f];
                }
                folded[f] = (bias == null ? 0f : bias[f]) * scale[f] + shift[f];
            }
            bias = folded;
        }
        String out = name(path);
        graph.initializer(out + ".weight", weight, weightArray.getShape().getShape());
        List<String> inputs = new ArrayList<>(List.of(input, out + ".weight"));
        if (bias != null) {
            graph.initializer(out + ".bias", bias, filters);
            inputs.add(out + ".bias");
        }
        graph.node("Conv", inputs, out, intsAttr("kernel_shape", c.kernel().h(), c.kernel().w()), intsAttr("strides", c.stride().h(), c.stride().w()),
                pads(c.padding().h(), c.padding().w()), intsAttr("dilations", c.dilation().h(), c.dilation().w()), intAttr("group", c.groups()));
        return out;
    }

    /** Per-channel scale gamma / sqrt(var + eps) and shift beta - mean * scale of an inference-mode batch-norm. */
    private static float[][] batchNormFold(LayerSpec.BatchNorm bn, Block block) {
        Map<Parameter.Type, NDArray> p = parameters(block);
        float[] gamma = p.get(Parameter.Type.GAMMA).toFloatArray();
        float[] beta = p.get(Parameter.Type.BETA).toFloatArray();
        float[] mean = p.get(Parameter.Type.RUNNING_MEAN).toFloatArray();
        float[] var = p.get(Parameter.Type.RUNNING_VAR).toFloatArray();
        float[] scale = new float[gamma.length];
        float[] shift = new float[gamma.length];
        for (int c = 0; c < gamma.length; c++) {
            scale[c] = (float) (gamma[c] / Math.sqrt(var[c] + bn.epsilon()));
            shift[c] = beta[c] - mean[c] * scale[c];
        }
        return new float[][] {scale, shift};
    }

    private String node(String op, String input, String path, ai.onnx.proto.OnnxMl.AttributeProto... attributes) {
        String out = name(path);
        graph.node(op, List.of(input), out, attributes);
        return out;
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto pads(int h, int w) {
        return intsAttr("pads", h, w, h, w);
    }

    /** A unique tensor name from a spec path. */
    private String name(String path) {
        int n = used.merge(path, 1, Integer::sum);
        return n == 1 ? path : path + "#" + n;
    }

    private static List<Block> children(Block block) {
        List<Block> children = new ArrayList<>();
        block.getChildren().forEach(pair -> children.add(pair.getValue()));
        return children;
    }

    private static Map<Parameter.Type, NDArray> parameters(Block block) {
        Map<Parameter.Type, NDArray> byType = new EnumMap<>(Parameter.Type.class);
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            byType.put(p.getValue().getType(), p.getValue().getArray());
        }
        return byType;
    }
}
