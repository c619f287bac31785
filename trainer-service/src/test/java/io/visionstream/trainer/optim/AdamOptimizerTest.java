package io.visionstream.trainer.optim;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Three steps computed by hand with PyTorch's formulas (lr 0.1, weight decay 0.01) from w = (1, -2). */
class AdamOptimizerTest {

    private static final float[][] GRADIENTS = {{0.5f, 1.0f}, {-0.2f, 0.0f}, {0.3f, -0.4f}};

    @Test
    void adamStepsMatchPyTorch() {
        // step 1: g = 0.51, m = 0.051, v = 0.00026010, w = 1 - 0.1 / 0.1 * 0.051 / (sqrt(0.0002601) / sqrt(0.001) + 1e-8) = 0.9
        double[][] expected = {{0.9000000020, -2.0999999990}, {0.8633641381, -2.1653954191}, {0.8072125542, -2.1865607998}};
        OptimizerSteps.assertMatches(steps(AdamOptimizer.builder()), expected);
    }

    @Test
    void adamWDecaysTheWeightInsteadOfTheGradient() {
        // step 1: w = 1 x (1 - 0.1 x 0.01) = 0.999, then the Adam step of g = 0.5: 0.999 - 0.1 = 0.899
        double[][] expected = {{0.8990000020, -2.0979999990}, {0.8635404181, -2.1629078235}, {0.8082328433, -2.1850839608}};
        OptimizerSteps.assertMatches(steps(AdamOptimizer.builder().optDecoupledWeightDecay(true)), expected);
    }

    @Test
    void savedMomentsAndStepCountsContinueTheRunExactly() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter uninterrupted = parameter(manager);
            AdamOptimizer through = adam();
            for (float[] gradient : GRADIENTS) {
                through.update(uninterrupted.getId(), uninterrupted.getArray(), manager.create(gradient));
            }

            Parameter first = parameter(manager);
            AdamOptimizer before = adam();
            before.update(first.getId(), first.getArray(), manager.create(GRADIENTS[0]));
            before.update(first.getId(), first.getArray(), manager.create(GRADIENTS[1]));
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            before.saveState(new DataOutputStream(saved), List.of(first));
            Parameter resumed = parameter(manager);
            resumed.getArray().set(first.getArray().toFloatArray());
            AdamOptimizer after = adam();
            after.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())), List.of(resumed));
            after.update(resumed.getId(), resumed.getArray(), manager.create(GRADIENTS[2]));

            assertThat(resumed.getArray().toFloatArray()).containsExactly(uninterrupted.getArray().toFloatArray());
        }
    }

    private static AdamOptimizer adam() {
        return AdamOptimizer.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optWeightDecays(0.01f).build();
    }

    private static Parameter parameter(NDManager manager) {
        Parameter parameter = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        parameter.setArray(manager.create(new float[] {1f, -2f}));
        return parameter;
    }

    private static float[][] steps(AdamOptimizer.Builder builder) {
        return OptimizerSteps.run(builder.setLearningRateTracker(Tracker.fixed(0.1f)).optWeightDecays(0.01f).build(), GRADIENTS);
    }
}
