package io.visionstream.trainer.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.data.LabeledImages;
import io.visionstream.trainer.djl.ReferenceInitializer;
import io.visionstream.trainer.djl.SpecBlocks;
import io.visionstream.trainer.optim.AdamOptimizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every zoo network can learn (issue #16): freshly initialised as in training ({@link ReferenceInitializer}), it
 * takes {@value #STEPS} Adam steps at learning rate {@value #LR} on one fixed batch of {@value #BATCH} real
 * Fashion-MNIST images ({@value #LARGE_INPUT_BATCH}, the first of them, for a network whose input is at least
 * {@value #LARGE_INPUT} px: Inception v3 at 299 px took most of the class's time with {@value #BATCH}) with the
 * trainer's own loss ({@link TrainingLoss}, auxiliary heads included), and its training loss on that batch falls by at
 * least {@value #MIN_FALL} of where it started. On {@link SmallZoo}'s networks and batch, so the whole zoo takes
 * minutes on two cores, not hours.
 */
class TrainabilityTest {

    private static final int BATCH = 16;
    /** The input side from which a network trains on {@value #LARGE_INPUT_BATCH} images instead of {@value #BATCH}. */
    private static final int LARGE_INPUT = 200;
    private static final int LARGE_INPUT_BATCH = 4;
    private static final int STEPS = 5;
    private static final float LR = 1e-3f;
    private static final double MIN_FALL = 0.1;

    private static LabeledImages images;
    private static LabeledImages fewImages;

    @BeforeAll
    static void readBatch() throws IOException, InterruptedException {
        images = SmallZoo.fashionBatch(BATCH);
        fewImages = SmallZoo.fashionBatch(LARGE_INPUT_BATCH);
    }

    static Stream<String> zoo() {
        return Zoo.names().stream();
    }

    @ParameterizedTest
    @MethodSource("zoo")
    void itsTrainingLossFallsWithinAFewSteps(String name) {
        NetworkSpec network = SmallZoo.network(name);

        long started = System.nanoTime();
        float[] losses = train(network, LR);

        System.out.printf("trainability %s at %d px, batch %d: %s in %.1f s%n", name, network.height(), batchSize(network),
                Arrays.toString(losses), (System.nanoTime() - started) / 1e9);
        assertLearned(name, network, losses);
    }

    /** Inception v3's auxiliary classifier adds its weighted loss in training. */
    @Test
    void inceptionV3sAuxiliaryHeadAddsToTheLoss() {
        NetworkSpec network = SmallZoo.network("inception-v3");
        TensorSet batch = batch(network);
        try (Model model = Model.newInstance("inception-v3"); Trainer trainer = newTrainer(model, network, LR)) {
            TrainingLoss loss = new TrainingLoss(trainer.getLoss(), 0, network.body());
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray y = scope.create(batch.labels);
                NDList outputs = trainer.forward(new NDList(input(scope, network, batch)));

                assertThat(outputs.size()).as("main and auxiliary logits").isEqualTo(2);
                float mainOnly = loss.of(new NDList(outputs.head()), y).getFloat();
                float withAux = loss.of(outputs, y).getFloat();
                assertThat(withAux - mainOnly).as("the auxiliary head's weighted loss").isGreaterThan(0.1f);
            }
        }
    }

    /** The positive control: AlexNet with a learning rate of 0 cannot learn, and the check says so. */
    @Test
    void aNetworkThatCannotLearnFailsTheCheck() {
        NetworkSpec network = SmallZoo.network("alexnet");

        float[] losses = train(network, 0f);

        assertThatThrownBy(() -> assertLearned("alexnet at lr 0", network, losses)).isInstanceOf(AssertionError.class);
    }

    private static void assertLearned(String name, NetworkSpec network, float[] losses) {
        float first = losses[0];
        float last = losses[losses.length - 1];
        assertThat((double) last).as("%s at %d px: training loss after %d steps (first %.3f, all %s)", name, network.height(), STEPS, first,
                Arrays.toString(losses)).isLessThan(first * (1 - MIN_FALL));
    }

    /** The batch's training loss before each of {@link #STEPS} updates and after the last. */
    private static float[] train(NetworkSpec network, float lr) {
        TensorSet batch = batch(network);
        float[] losses = new float[STEPS + 1];
        try (Model model = Model.newInstance(network.arch()); Trainer trainer = newTrainer(model, network, lr)) {
            TrainingLoss loss = new TrainingLoss(trainer.getLoss(), 0, network.body());
            for (int step = 0; step <= STEPS; step++) {
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    NDArray y = scope.create(batch.labels);
                    try (GradientCollector gradients = trainer.newGradientCollector()) {
                        NDArray value = loss.of(trainer.forward(new NDList(input(scope, network, batch))), y);
                        losses[step] = value.getFloat();
                        if (step < STEPS) {
                            gradients.backward(value);
                        }
                    }
                    if (step < STEPS) {
                        trainer.step();
                    }
                }
            }
        }
        return losses;
    }

    /** A trainer as {@link TrainingJob} makes one: the block initialised by DJL, then redrawn by the reference scheme. */
    private static Trainer newTrainer(Model model, NetworkSpec network, float lr) {
        Engine.getInstance().setRandomSeed(16);
        Block block = SpecBlocks.build(network);
        model.setBlock(block);
        AdamOptimizer adam = AdamOptimizer.builder().setLearningRateTracker(Tracker.fixed(lr)).build();
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam));
        trainer.initialize(SpecBlocks.inputShape(network, batchSize(network)));
        ReferenceInitializer.forZoo(network.arch()).initialize(block);
        return trainer;
    }

    /** Images per batch: fewer for a large input, whose steps cost the most. */
    private static int batchSize(NetworkSpec network) {
        return network.height() >= LARGE_INPUT ? LARGE_INPUT_BATCH : BATCH;
    }

    /** The network's batch preprocessed for its input size, as training preprocesses it. */
    private static TensorSet batch(NetworkSpec network) {
        LabeledImages batch = batchSize(network) == BATCH ? images : fewImages;
        return TensorSet.of(batch, new Preprocessor(PreprocessStatistics.of(batch, network.height())));
    }

    private static NDArray input(NDManager manager, NetworkSpec network, TensorSet batch) {
        return manager.create(batch.values, SpecBlocks.inputShape(network, batchSize(network)));
    }
}
