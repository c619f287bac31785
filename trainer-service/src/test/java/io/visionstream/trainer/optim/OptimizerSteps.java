package io.visionstream.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Runs an optimiser by hand on w = (1, -2) with given gradients, for comparison with steps computed on paper. */
final class OptimizerSteps {

    private OptimizerSteps() {
    }

    /** The weight after each of the gradients' updates. */
    static float[][] run(Optimizer optimizer, float[][] gradients) {
        float[][] after = new float[gradients.length][];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            for (int step = 0; step < gradients.length; step++) {
                optimizer.update("w", weight, manager.create(gradients[step]));
                after[step] = weight.toFloatArray();
            }
        }
        return after;
    }

    static void assertMatches(float[][] actual, double[][] expected) {
        for (int step = 0; step < expected.length; step++) {
            for (int i = 0; i < expected[step].length; i++) {
                assertThat((double) actual[step][i]).as("step %d, element %d", step + 1, i).isCloseTo(expected[step][i], within(1e-6));
            }
        }
    }
}
