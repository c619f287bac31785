package io.visionstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.visionstream.common.drift.DriftCheck;
import io.visionstream.common.drift.DriftReference;
import io.visionstream.common.drift.DriftReferenceFiles;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.trainer.publish.ModelPublisher;
import io.visionstream.trainer.publish.PendingReleases;
import io.visionstream.trainer.publish.ReleaseAnnouncer;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.LabeledImages;
import io.visionstream.trainer.djl.Embeddings;
import io.visionstream.trainer.djl.SpecBlocks;
import io.visionstream.trainer.export.ParityCheck;
import io.visionstream.trainer.settings.TrainingSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift reference on real data: LeNet-5 trained for one epoch on 4,500 Fashion-MNIST images leaves a drift
 * reference calibrated on its 3,000 validation images, which publishing puts in the registry version (with the
 * embedding's ONNX/DJL parity in the manifest); then windows of 500 of the test set's 10,000 images (never
 * seen in training or calibration) are checked against it - the undrifted stream's false-alarm rate is measured - and
 * windows of the same test images inverted (white on black becomes black on white) are detected. Fashion-MNIST comes
 * from the project's data directory ({@code ../data}), fetched by the trainer's loader when absent.
 */
class DriftReferenceTest {

    private static final int WINDOW = 500;
    private static final int UNDRIFTED_CHECKS = 300;
    private static final int DRIFTED_CHECKS = 40;

    @TempDir
    static Path run;
    @TempDir
    static Path registryRoot;
    private static ModelManifest published;
    private static TrainingSummary summary;
    private static DriftReference reference;
    private static Windows test;
    private static Windows inverted;

    @BeforeAll
    static void trainAndEmbedTheTestSet() throws Exception {
        Datasets.Split data = Datasets.load("fashion-mnist", Path.of("../data"), null);
        TrainingSettings settings = TrainingSettings.builder().setArch("lenet5").setDataset("fashion-mnist").optEpochs(1).optBatchSize(128)
                .optLr(0.002).optSeed(18).optLimitTrain(7_500).optValFraction(0.4).setOut(run).setDataDir(run).build();
        summary = new TrainingJob(settings, e -> { }).run(data);
        ModelRegistry registry = new ModelRegistry(registryRoot);
        ReleaseAnnouncer acknowledging = new ReleaseAnnouncer(null, null) {
            @Override
            public CompletionStage<Void> announce(ModelManifest manifest) {
                return CompletableFuture.completedFuture(null);
            }
        };
        published = new ModelPublisher(registry, acknowledging, new PendingReleases(registry, acknowledging)).publish(run, "fashion").manifest();
        reference = DriftReferenceFiles.read(registry.get("fashion", published.version()).directory()).orElseThrow();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = SpecBlocks.build(summary.network());
            block.initialize(manager, DataType.FLOAT32, SpecBlocks.inputShape(summary.network(), 1));
            try (DataInputStream in = new DataInputStream(Files.newInputStream(run.resolve(RunFiles.BEST_CHECKPOINT)))) {
                block.loadParameters(manager, in);
            }
            Preprocessor preprocessor = new Preprocessor(summary.preprocess());
            test = Windows.of(block, manager, summary, TensorSet.of(data.test(), preprocessor));
            inverted = Windows.of(block, manager, summary, TensorSet.of(invert(data.test()), preprocessor));
        }
    }

    @Test
    void thePublishedVersionHoldsTheReferenceOfItsValidationEmbeddingsAndItsExportServesTheSameEmbedding() {
        assertThat(reference.embeddingDimension()).as("LeNet-5's penultimate layer").isEqualTo(84);
        assertThat(reference.sample()).hasNumberOfRows(750);
        assertThat(reference.calibration().heldOut()).isEqualTo(2250);
        assertThat(reference.windowSizes()).containsExactly(100, 250, 500, 1000);
        assertThat(published.outputs().embedding()).isEqualTo("embedding");
        assertThat(published.parity().maxRelDiffEmbedding()).as("DJL's embedding against ONNX Runtime's")
                .isLessThanOrEqualTo(ParityCheck.MAX_REL_DIFF_EMBEDDING);
        System.out.printf("DRIFT embedding parity %.2e%n", published.parity().maxRelDiffEmbedding());
    }

    @Test
    void theTestSetRaisesFewFalseAlarmsAndItsInversionIsDetected() {
        DriftCheck check = new DriftCheck(reference, WINDOW);
        Random random = new Random(1);
        int falseAlarms = 0;
        int classAlarms = 0;
        double maxScore = 0;
        for (int i = 0; i < UNDRIFTED_CHECKS; i++) {
            DriftCheck.Result result = test.check(check, random);
            falseAlarms += result.score() >= 1 ? 1 : 0;
            classAlarms += result.classShiftScore() >= 1 ? 1 : 0;
            maxScore = Math.max(maxScore, result.score());
        }
        int detected = 0;
        double minDrifted = Double.POSITIVE_INFINITY;
        for (int i = 0; i < DRIFTED_CHECKS; i++) {
            DriftCheck.Result result = inverted.check(check, random);
            detected += result.score() >= 1 ? 1 : 0;
            minDrifted = Math.min(minDrifted, result.score());
        }
        System.out.printf("DRIFT undrifted: %d/%d false alarms (class shift %d/%d), max score %.2f; inverted: %d/%d detected, min score %.1f%n",
                falseAlarms, UNDRIFTED_CHECKS, classAlarms, UNDRIFTED_CHECKS, maxScore, detected, DRIFTED_CHECKS, minDrifted);

        // alpha = 0.01: 3 of 300 expected; more than 12 has probability < 1e-4 under Binomial(300, 0.01)
        assertThat(falseAlarms).isLessThanOrEqualTo(12);
        assertThat(detected).isEqualTo(DRIFTED_CHECKS);
    }

    /** The projected embeddings and predicted classes of a set, from which random windows are drawn. */
    private record Windows(float[][] projected, int[] classes) {

        static Windows of(Block block, NDManager manager, TrainingSummary summary, TensorSet set) {
            Embeddings embeddings = Embeddings.of(summary.network()).orElseThrow();
            DriftCheck projection = new DriftCheck(reference, WINDOW);
            float[][] projected = new float[set.size()][];
            int[] classes = new int[set.size()];
            int batchSize = 500;
            float[] batch = new float[batchSize * set.floatsPerImage];
            int[] labels = new int[batchSize];
            int[] order = java.util.stream.IntStream.range(0, set.size()).toArray();
            for (int from = 0; from < set.size(); from += batchSize) {
                int to = Math.min(set.size(), from + batchSize);
                set.fill(order, from, to, batch, labels);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(FloatBuffer.wrap(batch, 0, (to - from) * set.floatsPerImage), SpecBlocks.inputShape(summary.network(), to - from));
                    float[] features = embeddings.forward(block, new ParameterStore(scope, false), x).toFloatArray();
                    int[] predicted = block.forward(new ParameterStore(scope, false), new NDList(x), false).head().argMax(1)
                            .toType(DataType.INT32, false).toIntArray();
                    int width = features.length / (to - from);
                    for (int i = from; i < to; i++) {
                        projected[i] = projection.projection().project(java.util.Arrays.copyOfRange(features, (i - from) * width, (i - from + 1) * width));
                        classes[i] = predicted[i - from];
                    }
                }
            }
            return new Windows(projected, classes);
        }

        /** One check of a window of distinct images drawn at random. */
        DriftCheck.Result check(DriftCheck check, Random random) {
            int[] order = java.util.stream.IntStream.range(0, projected.length).toArray();
            float[][] window = new float[WINDOW][];
            int[] windowClasses = new int[WINDOW];
            for (int i = 0; i < WINDOW; i++) {
                int j = i + random.nextInt(order.length - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                window[i] = projected[order[i]];
                windowClasses[i] = classes[order[i]];
            }
            return check.check(window, windowClasses);
        }
    }

    private static LabeledImages invert(LabeledImages images) {
        byte[] pixels = images.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (255 - (pixels[i] & 0xff));
        }
        return new LabeledImages(images.name() + "-inverted", images.channels(), images.height(), images.width(), pixels, images.labels(),
                images.classes());
    }
}
