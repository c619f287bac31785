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
 * buffer, no decoding, no Kafka, with the service's session options ({@code visionstream.inference.onnx.*}
 * defaults: all graph optimisations, one inter-op thread, intra-op threads as the service is configured - 0 is ONNX
 * Runtime's choice - and no spinning of idle intra-op threads) and the service's output (probabilities).
 */
final class RawOrtBaseline {

    private static final int WARM_UP_RUNS = 5;

    private RawOrtBaseline() {
    }

    /**
     * Images per second over {@code duration} after a warm-up of a fifth of it, at least {@link #WARM_UP_RUNS} runs
     * (ONNX Runtime's first runs of a shape grow its memory arena and are slow).
     */
    static double imagesPerSecond(byte[] model, int batchSize, int floatsPerImage, long[] imageShape, int intraOpThreads, Duration duration)
            throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setInterOpNumThreads(1);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            try (OrtSession session = environment.createSession(model, options)) {
                FloatBuffer batch = ByteBuffer.allocateDirect(batchSize * floatsPerImage * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
                Random random = new Random(7);
                for (int i = 0; i < batch.capacity(); i++) {
                    batch.put(i, random.nextFloat());
                }
                long[] shape = {batchSize, imageShape[0], imageShape[1], imageShape[2]};
                long warmUpEnd = System.nanoTime() + duration.toNanos() / 5;
                for (int i = 0; i < WARM_UP_RUNS || System.nanoTime() < warmUpEnd; i++) {
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
