package io.visionstream.trainer.train;

import io.visionstream.common.json.Json;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.ImageFolder;
import io.visionstream.trainer.data.LabeledImages;
import io.visionstream.trainer.data.Splits;
import io.visionstream.trainer.data.SkippedImage;
import io.visionstream.trainer.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real DJL training on small generated data: the loss falls, the best checkpoint is kept, the run leaves its files. */
class TrainingJobTest {

    @TempDir
    Path out;

    @Test
    void sgdWithNesterovMomentumAndAMultiStepScheduleAlsoLearns(@TempDir Path other) throws Exception {
        TrainingSettings settings = new TrainingSettings("lenet5", null, "bands", 3, 32, 0.05, "sgd", 0.9, true, 1e-4, "multistep", 10, 0.1, 0,
                0.2, 3, 0, 0, 0, "none", java.util.List.of(2), 0, null, null, other, other, null, false);
        List<EpochRecord> seen = new ArrayList<>();

        TrainingSummary summary = new TrainingJob(settings, seen::add).run(new Datasets.Split(TestData.bands(600, 4), TestData.bands(200, 5)));

        assertThat(seen.get(2).trainLoss()).isLessThan(seen.get(0).trainLoss());
        assertThat(seen.get(2).learningRate()).as("x0.1 after the milestone at epoch 2").isCloseTo(0.005, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(summary.testTop1()).isGreaterThan(0.9);
    }

    @Test
    void anImageTreeTrainsWithItsFolderNamesAsLabelsAndReportsTheFilesItSkipped(@TempDir Path images, @TempDir Path run) throws Exception {
        TestData.imageTree(images, 40, 3, "train", "val");
        TrainingSettings settings = new TrainingSettings("lenet5", null, ImageFolder.PREFIX + images, 3, 16, 0.002, "adam", 0.9, false, 0, "fixed", 10,
                0.1, 0, 0.2, 4, 0, 0, 28, "none", null, 0, null, null, run, run, null, false);

        TrainingSummary summary = new TrainingJob(settings, e -> { }).run();

        assertThat(summary.labels()).isEqualTo(TestData.TREE_CLASSES);
        assertThat(summary.preprocess().colour()).isEqualTo(io.visionstream.common.preprocess.ColourMode.RGB);
        assertThat(summary.preprocess().resize().height()).isEqualTo(28);
        assertThat(summary.skippedImages()).extracting(SkippedImage::file).containsExactly("train/dark/broken.jpg", "train/light/notes.txt");
        assertThat(Json.mapper().readTree(Files.readString(run.resolve("summary.json"))).get("skippedImages")).hasSize(2);
        assertThat(summary.testTop1()).as("dark and light images are told apart").isGreaterThan(0.9);
    }

    @Test
    void validationDataIsNeverAugmented(@TempDir Path run) throws Exception {
        Datasets.Split data = new Datasets.Split(TestData.bands(300, 12), TestData.bands(100, 13));
        TrainingSettings settings = new TrainingSettings("lenet5", null, "bands", 1, 32, 0.002, "adam", 0.9, false, 0, "fixed", 10, 0.1, 0,
                0.2, 5, 0, 0, 0, "resized-crop,flip,crop,jitter:0.8", null, 0, null, null, run, run, null, false);
        List<EpochRecord> seen = new ArrayList<>();

        TrainingSummary summary = new TrainingJob(settings, seen::add).run(data);

        // the checkpoint evaluated on the plain validation split gives exactly the figures the run recorded
        LabeledImages validation = data.train().subset("validation", Splits.stratified(data.train(), 0.2, 5)[1]);
        TensorSet plain = TensorSet.of(validation, new io.visionstream.common.preprocess.Preprocessor(summary.preprocess()));
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            var block = io.visionstream.trainer.djl.SpecBlocks.build(summary.network());
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, io.visionstream.trainer.djl.SpecBlocks.inputShape(summary.network(), 1));
            try (var in = new java.io.DataInputStream(Files.newInputStream(run.resolve(TrainingJob.CHECKPOINT)))) {
                block.loadParameters(manager, in);
            }
            Evaluation evaluation = TrainingJob.evaluate(block, manager, summary.network(), plain);
            assertThat(evaluation.top1()).isEqualTo(seen.get(0).valAccuracy());
            assertThat(evaluation.loss()).isCloseTo(seen.get(0).valLoss(), org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void twoEpochsResumedForTwoMoreEqualFourEpochsInARow(@TempDir Path straight, @TempDir Path interrupted) throws Exception {
        Datasets.Split data = new Datasets.Split(TestData.bands(300, 21), TestData.bands(100, 22));
        // a schedule that changes the rate every update, augmentation, and SGD momentum: all state a resume must restore
        java.util.function.BiFunction<Integer, Path, TrainingSettings> settings = (epochs, out) -> new TrainingSettings("lenet5", null,
                "bands", epochs, 32, 0.02, "sgd", 0.9, true, 1e-4, "step", 1, 0.7, 0, 0.2, 6, 0, 0, 0, "flip,crop", null, 0, null, null,
                out, out, null, false);
        List<EpochRecord> inARow = new ArrayList<>();
        TrainingSummary four = new TrainingJob(settings.apply(4, straight), inARow::add).run(data);

        new TrainingJob(settings.apply(2, interrupted), e -> { }).run(data);
        List<EpochRecord> resumedEpochs = new ArrayList<>();
        TrainingSummary resumed = new TrainingJob(TrainingSettings.resuming(interrupted, 4), resumedEpochs::add).run(data);

        assertThat(resumedEpochs).extracting(EpochRecord::epoch).containsExactly(3, 4);
        List<EpochRecord> curves = Json.mapper().readerForListOf(EpochRecord.class).readValue(interrupted.resolve("curves.json").toFile());
        assertThat(curves).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(curves.get(i)).usingRecursiveComparison().comparingOnlyFields("epoch", "trainLoss", "trainAccuracy", "valLoss",
                    "valAccuracy", "learningRate").as("epoch %d", i + 1).isEqualTo(inARow.get(i));
        }
        assertThat(resumed.bestEpoch()).isEqualTo(four.bestEpoch());
        assertThat(resumed.testTop1()).isEqualTo(four.testTop1());
        RunState state = RunState.read(interrupted);
        assertThat(state.weights()).isEqualTo("last-epoch-4.params");
        assertThat(Files.readAllBytes(interrupted.resolve(state.weights()))).as("weights after epoch 4, bit for bit")
                .isEqualTo(Files.readAllBytes(straight.resolve("last-epoch-4.params")));
        assertThat(interrupted.resolve("last-epoch-2.params")).as("the previous epoch's files are removed").doesNotExist();
        assertThat(interrupted.resolve("optimizer-epoch-4.state")).isNotEmptyFile();
    }

    @Test
    void resumingADirectoryWithoutAStateSaysSo(@TempDir Path empty) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingSettings.resuming(empty, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("resume ").hasMessageContaining("holds no resume.json");
    }

    @Test
    void fineTuningWithAFrozenBodyChangesOnlyTheClassifier(@TempDir Path first, @TempDir Path second) throws Exception {
        Datasets.Split data = new Datasets.Split(TestData.bands(400, 8), TestData.bands(100, 9));
        new TrainingJob(new TrainingSettings("lenet5", null, "bands", 1, 32, 0.002, "adam", 0.9, false, 0, "fixed", 10, 0.1, 0, 0.2, 1, 0, 0, 0,
                "none", null, 0, null, null, first, first, null, false), e -> { }).run(data);

        new TrainingJob(new TrainingSettings("lenet5", null, "bands", 1, 32, 0.01, "adam", 0.9, false, 0, "fixed", 10, 0.1, 0, 0.2, 2, 0, 0, 0,
                "none", null, 0, first, "all-but-classifier", second, second, null, false), e -> { }).run(data);

        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            List<float[]> before = parameters(first.resolve(TrainingJob.CHECKPOINT), manager);
            List<float[]> after = parameters(second.resolve(TrainingJob.CHECKPOINT), manager);
            for (int i = 0; i < before.size() - 2; i++) {
                assertThat(after.get(i)).as("frozen parameter %d", i).containsExactly(before.get(i));
            }
            assertThat(after.get(after.size() - 2)).as("classifier weight").isNotEqualTo(before.get(before.size() - 2));
        }
    }

    private static List<float[]> parameters(Path checkpoint, ai.djl.ndarray.NDManager manager) throws Exception {
        var spec = io.visionstream.trainer.arch.Zoo.build("lenet5", 1, 28, 4);
        var block = io.visionstream.trainer.djl.SpecBlocks.build(spec);
        block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, io.visionstream.trainer.djl.SpecBlocks.inputShape(spec, 1));
        try (var in = new java.io.DataInputStream(Files.newInputStream(checkpoint))) {
            block.loadParameters(manager, in);
        }
        List<float[]> values = new ArrayList<>();
        block.getParameters().forEach(p -> values.add(p.getValue().getArray().toFloatArray()));
        return values;
    }

    @Test
    void lenetLearnsSeparableImagesAndKeepsTheBestCheckpoint() throws Exception {
        TrainingSettings settings = new TrainingSettings("lenet5", null, "bands", 4, 32, 0.002, "adam", 0.9, false, 0, "cosine", 10, 0.1, 1,
                0.2, 7, 0, 0, 0, "flip,crop", null, 0.1, null, null, out, out, null, false);
        List<EpochRecord> seen = new ArrayList<>();

        TrainingSummary summary = new TrainingJob(settings, seen::add).run(new Datasets.Split(TestData.bands(800, 1), TestData.bands(200, 2)));

        assertThat(seen).hasSize(4);
        assertThat(seen.get(3).trainLoss()).as("training loss falls").isLessThan(seen.get(0).trainLoss());
        int best = 0;
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).valAccuracy() > seen.get(best).valAccuracy()) {
                best = i;
            }
        }
        assertThat(summary.bestEpoch()).isEqualTo(best + 1);
        assertThat(summary.bestValTop1()).isEqualTo(seen.get(best).valAccuracy());
        assertThat(summary.testTop1()).as("test accuracy of the best checkpoint").isGreaterThan(0.9);
        assertThat(summary.testTop5()).isEqualTo(1.0);
        assertThat(summary.labels()).isEqualTo(TestData.BANDS);
        assertThat(summary.preprocess().resize().height()).isEqualTo(28);
        for (String file : List.of(TrainingJob.CHECKPOINT, "curves.json", "curves.png", "confusion.png", "summary.json")) {
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(Json.mapper().readTree(Files.readString(out.resolve("curves.json")))).hasSize(4);
    }
}
