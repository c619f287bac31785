package io.visionstream.trainer.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.visionstream.trainer.arch.Layers;
import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The DJL blocks built from specs: real PyTorch-engine forwards, shapes and parameters as the analysis predicts. */
class SpecBlocksTest {

    static Set<String> zoo() {
        return Zoo.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void everyZooNetworkRunsAForwardAtItsStandardInput(String arch) {
        Zoo.Input standard = Zoo.standardInput(arch);
        NetworkSpec spec = Zoo.build(arch, standard.channels(), standard.size(), 10);
        NetworkAnalysis.Result analysis = NetworkAnalysis.of(spec);

        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = SpecBlocks.build(spec);
            block.initialize(manager, DataType.FLOAT32, SpecBlocks.inputShape(spec, 1));
            NDArray input = manager.randomUniform(0f, 1f, SpecBlocks.inputShape(spec, 1));

            NDList output = block.forward(new ParameterStore(manager, false), new NDList(input), false);

            assertThat(output).hasSize(1);
            assertThat(output.head().getShape()).isEqualTo(new Shape(1, 10));
            assertThat(trainableParameters(block)).isEqualTo(analysis.parameters());
            Set<String> names = new HashSet<>();
            block.getParameters().forEach(p -> assertThat(names.add(p.getKey())).as("unique name " + p.getKey()).isTrue());
        }
    }

    @Test
    void auxiliaryLogitsAppearOnlyInTraining() {
        NetworkSpec spec = Zoo.build("inception-v3", 3, 299, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = SpecBlocks.build(spec);
            block.initialize(manager, DataType.FLOAT32, SpecBlocks.inputShape(spec, 2));
            NDList input = new NDList(manager.randomUniform(0f, 1f, SpecBlocks.inputShape(spec, 2)));

            NDList training = block.forward(new ParameterStore(manager, false), input, true);
            NDList inference = block.forward(new ParameterStore(manager, false), input, false);

            assertThat(training).hasSize(2);
            assertThat(training.get(1).getShape()).isEqualTo(new Shape(2, 10));
            assertThat(inference).hasSize(1);
        }
    }

    @Test
    void aScaledResidualAddsTheScaledBodyToTheShortcut() {
        // identity body, identity shortcut: relu(0.2 * x + x) = relu(1.2 * x)
        Block block = SpecBlocks.block(Layers.scaledResidual(Layers.identity(), 0.2, Layers.relu()));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-1, 0, 0.5f, 2}, new Shape(1, 4, 1, 1));
            block.initialize(manager, DataType.FLOAT32, x.getShape());

            float[] out = block.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();

            assertThat(out).containsExactly(new float[] {0, 0, 0.6f, 2.4f}, within(1e-6f));
        }
    }

    @Test
    void averagePoolingCanIgnorePaddedPositions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ones = manager.ones(new Shape(1, 1, 3, 3));
            float[] excluding = SpecBlocks.averageExcludingPadding(ones, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false).toFloatArray();
            // a corner window covers 4 real cells and 5 padded ones: 4/4 excluding padding (4/9 including it)
            assertThat(excluding).containsOnly(1.0f);
        }
    }

    @Test
    void localResponseNormMatchesPyTorchsFormula() {
        float[] values = {1, 2, 3, 4, 5};
        int size = 3;
        double alpha = 0.5;
        double beta = 0.75;
        double k = 2;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(values, new Shape(1, 5, 1, 1));
            float[] actual = SpecBlocks.localResponseNorm(x, size, alpha, beta, k).toFloatArray();
            for (int c = 0; c < values.length; c++) {
                double sum = 0;
                for (int j = c - size / 2; j <= c + (size - 1) / 2; j++) {
                    if (j >= 0 && j < values.length) {
                        sum += values[j] * values[j];
                    }
                }
                double expected = values[c] / Math.pow(k + alpha / size * sum, beta);
                assertThat((double) actual[c]).as("channel %d", c).isCloseTo(expected, within(1e-5));
            }
        }
    }

    private static long trainableParameters(Block block) {
        long count = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                count += p.getValue().getArray().size();
            }
        }
        return count;
    }
}
