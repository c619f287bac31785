package io.visionstream.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The ceiling for the pipeline: the same model run directly in ONNX Runtime on preprocessed batches from a direct
 * buffer, no decoding, no Kafka, with the service's default session options (all graph optimisations, one
 * inter-op thread, ONNX Runtime's intra-op default).
 */
final class RawOrtBaseline {

    private RawOrtBaseline() {
    }

    /** Images per second over {@code duration} after a short warm-up. */
    static double imagesPerSecond(byte[] model, int batchSize, int floatsPerImage, long[] imageShape, Duration duration) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setInterOpNumThreads(1);
            try (OrtSession session = environment.createSession(model, options)) {
                FloatBuffer batch = ByteBuffer.allocateDirect(batchSize * floatsPerImage * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
                Random random = new Random(7);
                for (int i = 0; i < batch.capacity(); i++) {
                    batch.put(i, random.nextFloat());
                }
                long[] shape = {batchSize, imageShape[0], imageShape[1], imageShape[2]};
                for (int i = 0; i < 20; i++) {
                    run(environment, session, batch, shape);
                }
                long images = 0;
                long start = System.nanoTime();
                long end = start + duration.toNanos();
                while (System.nanoTime() < end) {
                    run(environment, session, batch, shape);
                    images += batchSize;
                }
                return images / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    private static void run(OrtEnvironment environment, OrtSession session, FloatBuffer batch, long[] shape) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, batch, shape);
             OrtSession.Result result = session.run(Map.of("input", input), Set.of("probabilities"))) {
            result.get(0);
        }
    }
}
