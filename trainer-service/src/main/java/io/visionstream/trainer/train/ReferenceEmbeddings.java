package io.visionstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.visionstream.common.drift.DriftCalibration;
import io.visionstream.common.drift.DriftReference;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.djl.Embeddings;
import io.visionstream.trainer.djl.SpecBlocks;
import org.jboss.logging.Logger;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The drift reference of a trained model: the embeddings ({@link Embeddings}, what the exported {@code embedding}
 * output serves) and predicted classes of at most {@link DriftCalibration#MAX_IMAGES} validation images, chosen by
 * a seeded shuffle, calibrated by {@link DriftCalibration}. Empty, with a log line, when the network has no DJL
 * embedding or the validation set is too small.
 */
final class ReferenceEmbeddings {

    private static final Logger LOG = Logger.getLogger(ReferenceEmbeddings.class);
    private static final int BATCH = 256;

    private ReferenceEmbeddings() {
    }

    static Optional<DriftReference> of(Block block, NDManager manager, NetworkSpec network, TensorSet validation, String dataset, long seed) {
        Optional<Embeddings> embeddings = Embeddings.of(network);
        if (embeddings.isEmpty()) {
            LOG.infof("%s: no drift reference (the last dense layer is not reached through sequences only)", network.arch());
            return Optional.empty();
        }
        int[] order = validation.shuffled(seed);
        int n = Math.min(order.length, DriftCalibration.MAX_IMAGES);
        float[][] rows = new float[n][];
        int[] predicted = new int[n];
        float[] batch = new float[BATCH * validation.floatsPerImage];
        int[] labels = new int[BATCH];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            validation.fill(order, from, to, batch, labels);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(FloatBuffer.wrap(batch, 0, (to - from) * validation.floatsPerImage), SpecBlocks.inputShape(network, to - from));
                NDArray features = embeddings.get().forward(block, new ParameterStore(scope, false), x);
                int width = (int) features.getShape().get(1);
                float[] values = features.toFloatArray();
                int[] classes = block.forward(new ParameterStore(scope, false), new NDList(x), false).head().argMax(1)
                        .toType(DataType.INT32, false).toIntArray();
                for (int i = from; i < to; i++) {
                    rows[i] = Arrays.copyOfRange(values, (i - from) * width, (i - from + 1) * width);
                    predicted[i] = classes[i - from];
                }
            }
        }
        try {
            return Optional.of(DriftCalibration.calibrate(rows, predicted, network.classes(), dataset, seed));
        } catch (IllegalArgumentException e) {
            LOG.infof("%s: no drift reference: %s", network.arch(), e.getMessage());
            return Optional.empty();
        }
    }
}
