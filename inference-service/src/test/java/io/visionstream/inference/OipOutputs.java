package io.visionstream.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.restassured.RestAssured;
import io.visionstream.common.testing.TinyClassifiers;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What the Open Inference Protocol tests of both transports compare the service's answers with: the logits a grey
 * column classifier's graph computes, straight from ONNX Runtime; softmax computed independently of the service's;
 * and the rejection counter as {@code /q/metrics} publishes it.
 */
final class OipOutputs {

    static final int CLASSES = 10;
    static final int FLOATS_PER_IMAGE = TinyClassifiers.HEIGHT * CLASSES;

    private OipOutputs() {
    }

    /** The values of a typed FP32 tensor as the client libraries hand them over. */
    static float[] floats(List<Float> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i);
        }
        return floats;
    }

    /** A flat FP32 batch {@code [n, 1, HEIGHT, 10]} of values in [-1, 1), so that every logit differs. */
    static float[] randomBatch(int n, long seed) {
        Random random = new Random(seed);
        float[] batch = new float[n * FLOATS_PER_IMAGE];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = random.nextFloat() * 2 - 1;
        }
        return batch;
    }

    /** The {@code logits} output of {@code onnx} for a flat batch of {@code n} images, flat {@code [n, 10]}. */
    static float[] graphLogits(byte[] onnx, float[] batch, int n) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx);
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch), new long[] {n, 1, TinyClassifiers.HEIGHT, CLASSES});
             OrtSession.Result result = session.run(Map.of("input", input), Set.of("logits"))) {
            FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] flat = new float[logits.remaining()];
            logits.get(flat);
            return flat;
        }
    }

    /** Asserts that each row of {@code probabilities} is the softmax of the same row of {@code logits}, within 1e-6. */
    static void assertSoftmaxOf(float[] logits, float[] probabilities) {
        assertThat(probabilities).hasSameSizeAs(logits);
        for (int row = 0; row < logits.length; row += CLASSES) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < CLASSES; k++) {
                max = Math.max(max, logits[row + k]);
            }
            double sum = 0;
            for (int k = 0; k < CLASSES; k++) {
                sum += Math.exp(logits[row + k] - max);
            }
            for (int k = 0; k < CLASSES; k++) {
                assertThat((double) probabilities[row + k]).as("element %d class %d", row / CLASSES, k)
                        .isCloseTo(Math.exp(logits[row + k] - max) / sum, within(1e-6));
            }
        }
    }

    /** {@code visionstream_rejections_total{channel, reason}} as published on {@code /q/metrics}; 0 before the first. */
    static double rejections(String channel, String reason) {
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("visionstream_rejections_total{") && line.contains("channel=\"" + channel + "\"")
                        && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
