package io.visionstream.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.trainer.arch.ClassifierStart;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.data.LabeledImages;
import io.visionstream.trainer.djl.ReferenceInitializer;
import io.visionstream.trainer.djl.SpecBlocks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every zoo network, freshly initialised as the trainer initialises it, starts at the loss of a 10-class classifier
 * that knows nothing: ln 10, within 0.3, on a real Fashion-MNIST batch (issue #16). That is its reference
 * implementation's scheme, except for the networks whose reference starts off chance: they start their classifier at
 * zero ({@link ClassifierStart#ZERO}), and the positive control shows one of them off chance without it. Forward only,
 * in training mode (batch-norm on batch statistics), as the first training step sees it; on {@link SmallZoo}'s networks
 * and batch.
 */
class ReferenceInitializationTest {

    private static final int BATCH = 100;
    private static final double CHANCE = Math.log(10);
    private static final double TOLERANCE = 0.3;

    private static LabeledImages batch;

    @BeforeAll
    static void readBatch() throws IOException, InterruptedException {
        batch = SmallZoo.fashionBatch(BATCH);
    }

    static Stream<String> zoo() {
        return Zoo.names().stream();
    }

    @ParameterizedTest
    @MethodSource("zoo")
    void aFreshNetworkStartsAtTheLossOfChance(String name) {
        NetworkSpec network = SmallZoo.network(name);

        double loss = initialLoss(network, block -> ReferenceInitializer.forZoo(name).initialize(block));

        assertThat(loss).as("%s at %d px: initial loss", name, network.height()).isCloseTo(CHANCE, within(TOLERANCE));
    }

    /**
     * The positive control for the departure: LeNet-5 with sigmoids, drawn as d2l draws it but without the zero
     * classifier, starts off chance (2.80 measured).
     */
    @Test
    void theReferenceWithoutAZeroClassifierStartsLeNetOffChance() {
        assertThat(Zoo.classifierStart("lenet5-classic")).isEqualTo(ClassifierStart.ZERO);
        NetworkSpec network = SmallZoo.network("lenet5-classic");

        double loss = initialLoss(network, block -> new ReferenceInitializer(Zoo.initScheme("lenet5-classic")).initialize(block));

        assertThat(Math.abs(loss - CHANCE)).isGreaterThan(TOLERANCE);
    }

    /** The positive control: the trainer's former initialisation (Kaiming normal on every weight) starts AlexNet far off. */
    @Test
    void theFormerInitialisationStartsAlexNetFarAboveChance() {
        NetworkSpec network = SmallZoo.network("alexnet");

        double loss = initialLoss(network, block -> { });

        assertThat(loss).isGreaterThan(CHANCE + TOLERANCE);
    }

    /**
     * The mean cross-entropy of the batch through a network whose weights DJL first draws Kaiming-normal (the former
     * scheme), then {@code redraw} replaces.
     */
    private static double initialLoss(NetworkSpec network, Consumer<Block> redraw) {
        Engine.getInstance().setRandomSeed(16);
        Block block = SpecBlocks.build(network);
        block.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
        PreprocessSpec preprocess = PreprocessStatistics.of(batch, network.height());
        TensorSet inputs = TensorSet.of(batch, new Preprocessor(preprocess));
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, SpecBlocks.inputShape(network, BATCH));
            redraw.accept(block);
            NDArray x = manager.create(inputs.values, SpecBlocks.inputShape(network, BATCH));
            NDArray labels = manager.create(inputs.labels);
            NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            return Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)).getFloat();
        }
    }
}
