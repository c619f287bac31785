package io.visionstream.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Three steps by hand (lr 0.1, momentum 0.9, weight decay 0.01) from w = (1, -2) with given gradients. */
class MomentumSgdTest {

    private static final float[][] GRADIENTS = {{0.5f, 1.0f}, {-0.2f, 0.0f}, {0.3f, -0.4f}};

    @Test
    void nesterovStepsMatchPyTorchsUpdate() {
        // step 1: d = 0.5 + 0.01 = 0.51, b = d, w = 1 - 0.1 (0.51 + 0.9 x 0.51) = 0.9031
        // step 2: d = -0.2 + 0.009031 = -0.190969, b = 0.459 - 0.190969 = 0.268031, w = 0.9031 - 0.1 (d + 0.9 b) = 0.89807411
        double[][] expected = {{0.9031, -2.1862}, {0.89807411, -2.26142622}, {0.817657258191, -2.25080068818}};
        OptimizerSteps.assertMatches(steps(true), expected);
    }

    @Test
    void withoutNesterovItIsPlainMomentumSgd() {
        // step 1: w = 1 - 0.1 x 0.51 = 0.949; step 2: b = 0.9 x 0.51 + (-0.2 + 0.00949) = 0.26849, w = 0.922151
        double[][] expected = {{0.949, -2.098}, {0.922151, -2.184102}, {0.867064749, -2.219409698}};
        OptimizerSteps.assertMatches(steps(false), expected);
    }

    @Test
    void theUsedGradientIsCleared() {
        MomentumSgd sgd = MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            weight.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                collector.backward(weight.mul(weight).sum());
            }
            assertThat(weight.getGradient().toFloatArray()).containsExactly(2f, -4f);

            sgd.update("w", weight, weight.getGradient());

            assertThat(weight.toFloatArray()).containsExactly(0.8f, -1.6f);
            assertThat(weight.getGradient().toFloatArray()).as("libtorch would add the next gradient to it").containsExactly(0f, 0f);
        }
    }

    @Test
    void nesterovWithoutMomentumIsRefused() {
        assertThatThrownBy(() -> MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optNesterov(true).build())
                .hasMessageContaining("nesterov needs a momentum > 0");
        assertThatThrownBy(() -> MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(1f).build())
                .hasMessageContaining("momentum must be within [0, 1)");
    }

    private static float[][] steps(boolean nesterov) {
        return OptimizerSteps.run(MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f).optNesterov(nesterov)
                .optWeightDecays(0.01f).build(), GRADIENTS);
    }
}
