package io.visionstream.trainer.optim;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** Three steps computed by hand with TensorFlow's RMSProp (lr 0.1, momentum 0.9, weight decay 0.01) from w = (1, -2). */
class RmsPropOptimizerTest {

    private static final float[][] GRADIENTS = {{0.5f, 1.0f}, {-0.2f, 0.0f}, {0.3f, -0.4f}};

    @Test
    void stepsMatchTensorFlowsFormulas() {
        // step 1: g = 0.51, ms = 0.9 x 1 + 0.1 x 0.2601 = 0.92601, mom = 0.1 x 0.51 / sqrt(1.92601) = 0.0367486, w = 0.9632514
        double[][] expected = {{0.9632513908, -2.0693651701}, {0.9442230486, -2.1302911549}, {0.9037916817, -2.1539347160}};
        OptimizerSteps.assertMatches(OptimizerSteps.run(RmsPropOptimizer.builder().setLearningRateTracker(Tracker.fixed(0.1f))
                .optMomentum(0.9f).optWeightDecays(0.01f).build(), GRADIENTS), expected);
    }
}
