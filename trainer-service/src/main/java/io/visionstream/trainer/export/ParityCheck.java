package io.visionstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.djl.Embeddings;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Proves an exported ONNX file computes what the DJL model computes: the same batch - all zeros, saturated (every
 * input 3.0, beyond any normalised pixel), and seeded random normal values - goes through DJL in inference mode and
 * through a fresh ONNX Runtime session. A model may be published only if the largest probability difference is at
 * most {@value #MAX_ABS_DIFF_PROBABILITIES}, the largest logit difference relative to the largest logit magnitude
 * at most {@value #MAX_REL_DIFF_LOGITS}, and top-1 agrees on every sample; and, when the export has an embedding
 * output and DJL can compute it ({@link Embeddings}), the largest embedding difference relative to the largest
 * embedding value is at most {@value #MAX_REL_DIFF_EMBEDDING} - the drift reference is computed by DJL and compared
 * with what ONNX Runtime serves.
 */
public final class ParityCheck {

    public static final double MAX_ABS_DIFF_PROBABILITIES = 1e-4;
    public static final double MAX_REL_DIFF_LOGITS = 1e-3;
    public static final double MAX_REL_DIFF_EMBEDDING = 1e-3;
    private static final float SATURATED = 3.0f;

    private ParityCheck() {
    }

    /** The measured agreement; {@code firstDifference} says where the worst deviation was (for error messages). */
    public record Result(ModelManifest.Parity parity, String firstDifference) {
        public boolean passed() {
            return parity.maxAbsDiffProbabilities() <= MAX_ABS_DIFF_PROBABILITIES && parity.maxRelDiffLogits() <= MAX_REL_DIFF_LOGITS
                    && parity.top1Agreement() == 1.0
                    && (parity.maxRelDiffEmbedding() == null || parity.maxRelDiffEmbedding() <= MAX_REL_DIFF_EMBEDDING);
        }
    }

    /** Runs {@code randomSamples} random inputs plus one all-zero and one saturated input through both. */
    public static Result check(NetworkSpec network, Block block, NDManager manager, byte[] onnx, int randomSamples, long seed) throws OrtException {
        int n = randomSamples + 2;
        int per = network.channels() * network.height() * network.width();
        float[] input = new float[n * per];
        java.util.Arrays.fill(input, per, 2 * per, SATURATED);
        Random random = new Random(seed);
        for (int i = 2 * per; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        Shape shape = new Shape(n, network.channels(), network.height(), network.width());
        float[] djlLogits;
        Optional<Embeddings> embeddings = Embeddings.of(network);
        float[] djlEmbedding = null;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, shape);
            djlLogits = block.forward(new ParameterStore(scope, false), new NDList(x), false).head().toFloatArray();
            if (embeddings.isPresent()) {
                djlEmbedding = embeddings.get().forward(block, new ParameterStore(scope, false), x).toFloatArray();
            }
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        float[] ortLogits;
        float[] ortProbabilities;
        float[] ortEmbedding = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = environment.createSession(onnx, options);
             OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), shape.getShape())) {
            boolean compareEmbedding = djlEmbedding != null && session.getOutputNames().contains(OnnxExporter.EMBEDDING);
            Set<String> outputs = compareEmbedding ? Set.of(OnnxExporter.LOGITS, OnnxExporter.PROBABILITIES, OnnxExporter.EMBEDDING)
                    : Set.of(OnnxExporter.LOGITS, OnnxExporter.PROBABILITIES);
            try (OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor), outputs)) {
                ortLogits = floats(result, OnnxExporter.LOGITS);
                ortProbabilities = floats(result, OnnxExporter.PROBABILITIES);
                if (compareEmbedding) {
                    ortEmbedding = floats(result, OnnxExporter.EMBEDDING);
                }
            }
        }
        int classes = network.classes();
        float[] djlProbabilities = softmax(djlLogits, classes);
        double maxAbsProbability = 0;
        double maxAbsLogit = 0;
        double logitScale = 1e-6;
        int worst = 0;
        int agree = 0;
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < classes; c++) {
                int i = s * classes + c;
                double dp = Math.abs(djlProbabilities[i] - ortProbabilities[i]);
                if (!Double.isFinite(dp) || !Double.isFinite(djlLogits[i]) || !Double.isFinite(ortLogits[i])) {
                    dp = Double.POSITIVE_INFINITY; // a NaN or infinity is never parity
                    maxAbsLogit = Double.POSITIVE_INFINITY;
                }
                if (dp > maxAbsProbability) {
                    maxAbsProbability = dp;
                    worst = i;
                }
                maxAbsLogit = Math.max(maxAbsLogit, Math.abs(djlLogits[i] - ortLogits[i]));
                logitScale = Math.max(logitScale, Math.abs(djlLogits[i]));
            }
            if (argmax(djlLogits, s, classes) == argmax(ortLogits, s, classes)) {
                agree++;
            }
        }
        String where = String.format("sample %d (%s), class %d: DJL probability %.8f, ONNX %.8f", worst / classes,
                sampleKind(worst / classes), worst % classes, djlProbabilities[worst], ortProbabilities[worst]);
        Double embedding = ortEmbedding == null ? null : relativeDifference(djlEmbedding, ortEmbedding);
        return new Result(new ModelManifest.Parity(maxAbsProbability, maxAbsLogit / logitScale, agree / (double) n, n, embedding), where);
    }

    /** The largest |a - b| relative to the largest |a|; infinite when the lengths differ or a value is not finite. */
    private static double relativeDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double maxDiff = 0;
        double scale = 1e-6;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            maxDiff = Double.isFinite(d) ? Math.max(maxDiff, d) : Double.POSITIVE_INFINITY;
            scale = Math.max(scale, Math.abs(a[i]));
        }
        return maxDiff / scale;
    }

    private static String sampleKind(int sample) {
        return sample == 0 ? "all zero" : sample == 1 ? "saturated" : "random";
    }

    private static float[] floats(OrtSession.Result result, String name) throws OrtException {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static float[] softmax(float[] logits, int classes) {
        float[] out = new float[logits.length];
        for (int s = 0; s < logits.length / classes; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[s * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[s * classes + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                out[s * classes + c] = (float) (Math.exp(logits[s * classes + c] - max) / sum);
            }
        }
        return out;
    }

    private static int argmax(float[] values, int sample, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (values[sample * classes + c] > values[sample * classes + best]) {
                best = c;
            }
        }
        return best;
    }
}
