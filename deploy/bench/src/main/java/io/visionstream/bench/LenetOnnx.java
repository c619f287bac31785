package io.visionstream.bench;

import io.visionstream.common.onnx.OnnxGraphBuilder;

import java.util.List;
import java.util.Random;

import static io.visionstream.common.onnx.OnnxGraphBuilder.intAttr;
import static io.visionstream.common.onnx.OnnxGraphBuilder.intsAttr;

/**
 * A LeNet-5-sized ONNX classifier with seeded random weights, so the inference benchmark measures the cost of a real
 * LeNet graph (conv 6@5x5 pad 2, max-pool, conv 16@5x5, max-pool, dense 400-120-84-10, softmax; 61,706 parameters)
 * without needing a trained model. Input {@code [batch, 1, 28, 28]}, outputs {@code logits} and {@code probabilities}.
 */
final class LenetOnnx {

    static final int CLASSES = 10;
    private static final int KERNEL = 5;

    private final Random random;
    private final OnnxGraphBuilder graph = new OnnxGraphBuilder("lenet5-bench");

    private LenetOnnx(long seed) {
        this.random = new Random(seed);
    }

    static byte[] build(long seed) {
        return new LenetOnnx(seed).graph();
    }

    private byte[] graph() {
        graph.input("input", 1, 28, 28).output("logits", CLASSES).output("probabilities", CLASSES);
        conv("c1", "input", 1, 6, 2);
        graph.node("Relu", List.of("c1"), "r1");
        pool("r1", "p1");
        conv("c2", "p1", 6, 16, 0);
        graph.node("Relu", List.of("c2"), "r2");
        pool("r2", "p2");
        graph.node("Flatten", List.of("p2"), "flat", intAttr("axis", 1));
        dense("d1", "flat", 400, 120);
        graph.node("Relu", List.of("d1"), "r3");
        dense("d2", "r3", 120, 84);
        graph.node("Relu", List.of("d2"), "r4");
        dense("logits", "r4", 84, CLASSES);
        graph.node("Softmax", List.of("logits"), "probabilities", intAttr("axis", 1));
        return graph.toBytes(17, "visionstream-bench");
    }

    private void conv(String out, String in, int inChannels, int outChannels, int pad) {
        graph.initializer(out + ".w", heInit(outChannels * inChannels * KERNEL * KERNEL, inChannels * KERNEL * KERNEL), outChannels, inChannels, KERNEL, KERNEL);
        graph.initializer(out + ".b", new float[outChannels], outChannels);
        graph.node("Conv", List.of(in, out + ".w", out + ".b"), out, intsAttr("kernel_shape", KERNEL, KERNEL), intsAttr("pads", pad, pad, pad, pad));
    }

    private void pool(String in, String out) {
        graph.node("MaxPool", List.of(in), out, intsAttr("kernel_shape", 2, 2), intsAttr("strides", 2, 2));
    }

    private void dense(String out, String in, int inFeatures, int outFeatures) {
        graph.initializer(out + ".w", heInit(outFeatures * inFeatures, inFeatures), outFeatures, inFeatures);
        graph.initializer(out + ".b", new float[outFeatures], outFeatures);
        graph.node("Gemm", List.of(in, out + ".w", out + ".b"), out, intAttr("transB", 1));
    }

    private float[] heInit(int count, int fanIn) {
        float[] values = new float[count];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }
}
