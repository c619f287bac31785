package io.visionstream.trainer.train;

import io.visionstream.common.json.Json;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.ImageFolder;
import io.visionstream.trainer.data.LabeledImages;
import io.visionstream.trainer.data.SkippedImage;
import io.visionstream.trainer.data.Splits;
import io.visionstream.trainer.settings.FreezePolicy;
import io.visionstream.trainer.settings.OptimizerKind;
import io.visionstream.trainer.settings.Recipe;
import io.visionstream.trainer.settings.ScheduleKind;
import io.visionstream.trainer.settings.TrainingSettings;
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
        TrainingSettings settings = TrainingSettings.builder().setArch("lenet5").setDataset("bands").optEpochs(3).optBatchSize(32).optLr(0.05)
                .optOptimizer(OptimizerKind.SGD).optNesterov(true).optWeightDecay(1e-4).optSchedule(ScheduleKind.MULTISTEP)
                .optMilestones(List.of(2)).optSeed(3).setOut(other).setDataDir(other).build();
        List<EpochRecord> seen = new ArrayList<>();

        TrainingSummary summary = new TrainingJob(settings, seen::add).run(new Datasets.Split(TestData.bands(600, 4), TestData.bands(200, 5)));

        assertThat(seen.get(2).trainLoss()).isLessThan(seen.get(0).trainLoss());
        assertThat(seen.get(2).learningRate()).as("x0.1 after the milestone at epoch 2").isCloseTo(0.005, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(summary.testTop1()).isGreaterThan(0.9);
    }

    @Test
    void theSummaryRecordsTheRecipeAndTheSettingsItFilled(@TempDir Path run) throws Exception {
        TrainingSettings settings = TrainingSettings.builder().setArch("lenet5").setDataset("bands").optRecipe(Recipe.MODERN).optEpochs(1)
                .optBatchSize(64).setOut(run).setDataDir(run).build();

        new TrainingJob(settings, e -> { }).run(new Datasets.Split(TestData.bands(200, 6), TestData.bands(40, 7)));

        var recorded = Json.mapper().readTree(Files.readString(run.resolve(RunFiles.SUMMARY))).get("settings");
        assertThat(recorded.get("recipe").asText()).isEqualTo("modern");
        assertThat(recorded.get("optimizer").asText()).isEqualTo("adamw");
        assertThat(recorded.get("schedule").asText()).isEqualTo("cosine");
        assertThat(recorded.get("labelSmoothing").asDouble()).isEqualTo(0.1);
        assertThat(recorded.get("augment").asText()).isEqualTo("flip,crop");
        assertThat(recorded.get("epochs").asInt()).as("given, over the recipe's 10").isEqualTo(1);
        assertThat(RunFiles.readSummary(run).settings()).isEqualTo(settings);
    }

    @Test
    void anImageTreeTrainsWithItsFolderNamesAsLabelsAndReportsTheFilesItSkipped(@TempDir Path images, @TempDir Path run) throws Exception {
        TestData.imageTree(images, 40, 3, "train", "val");
        TrainingSettings settings = TrainingSettings.builder().setArch("lenet5").setDataset(ImageFolder.PREFIX + images).optEpochs(3)
                .optBatchSize(16).optLr(0.002).optSeed(4).optInputSize(28).setOut(run).setDataDir(run).build();

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
        TrainingSettings settings = TrainingSettings.builder().setArch("lenet5").setDataset("bands").optEpochs(1).optBatchSize(32).optLr(0.002)
                .optSeed(5).optAugment("resized-crop,flip,crop,jitter:0.8").setOut(run).setDataDir(run).build();
        List<EpochRecord> seen = new ArrayList<>();

        TrainingSummary summary = new TrainingJob(settings, seen::add).run(data);

        // the checkpoint evaluated on the plain validation split gives exactly the figures the run recorded
        LabeledImages validation = data.train().subset("validation", Splits.stratified(data.train(), 0.2, 5)[1]);
        TensorSet plain = TensorSet.of(validation, new io.visionstream.common.preprocess.Preprocessor(summary.preprocess()));
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            var block = io.visionstream.trainer.djl.SpecBlocks.build(summary.network());
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, io.visionstream.trainer.djl.SpecBlocks.inputShape(summary.network(), 1));
            try (var in = new java.io.DataInputStream(Files.newInputStream(run.resolve(RunFiles.BEST_CHECKPOINT)))) {
                block.loadParameters(manager, in);
            }
            Evaluation evaluation = Evaluator.evaluate(block, manager, summary.network(), plain);
            assertThat(evaluation.top1()).isEqualTo(seen.get(0).valAccuracy());
            assertThat(evaluation.loss()).isCloseTo(seen.get(0).valLoss(), org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void twoEpochsResumedForTwoMoreEqualFourEpochsInARow(@TempDir Path straight, @TempDir Path interrupted) throws Exception {
        Datasets.Split data = new Datasets.Split(TestData.bands(300, 21), TestData.bands(100, 22));
        // a schedule that changes the rate every update, augmentation, and SGD momentum: all state a resume must restore
        java.util.function.BiFunction<Integer, Path, TrainingSettings> settings = (epochs, out) -> TrainingSettings.builder().setArch("lenet5")
                .setDataset("bands").optEpochs(epochs).optBatchSize(32).optLr(0.02).optOptimizer(OptimizerKind.SGD).optNesterov(true)
                .optWeightDecay(1e-4).optSchedule(ScheduleKind.STEP).optStepEpochs(1).optGamma(0.7).optSeed(6).optAugment("flip,crop")
                .setOut(out).setDataDir(out).build();
        List<EpochRecord> inARow = new ArrayList<>();
        TrainingSummary four = new TrainingJob(settings.apply(4, straight), inARow::add).run(data);

        new TrainingJob(settings.apply(2, interrupted), e -> { }).run(data);
        List<EpochRecord> resumedEpochs = new ArrayList<>();
        TrainingSummary resumed = new TrainingJob(RunState.resuming(interrupted, 4), resumedEpochs::add).run(data);

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
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunState.resuming(empty, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("resume ").hasMessageContaining("holds no resume.json");
    }

    @Test
    void fineTuningWithAFrozenBodyChangesOnlyTheClassifier(@TempDir Path first, @TempDir Path second) throws Exception {
        Datasets.Split data = new Datasets.Split(TestData.bands(400, 8), TestData.bands(100, 9));
        new TrainingJob(TrainingSettings.builder().setArch("lenet5").setDataset("bands").optEpochs(1).optBatchSize(32).optLr(0.002)
                .optSeed(1).setOut(first).setDataDir(first).build(), e -> { }).run(data);

        new TrainingJob(TrainingSettings.builder().setArch("lenet5").setDataset("bands").optEpochs(1).optBatchSize(32).optLr(0.01)
                .optSeed(2).optInitFrom(first).optFreeze(FreezePolicy.ALL_BUT_CLASSIFIER).setOut(second).setDataDir(second).build(),
                e -> { }).run(data);

        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            List<float[]> before = parameters(first.resolve(RunFiles.BEST_CHECKPOINT), manager);
            List<float[]> after = parameters(second.resolve(RunFiles.BEST_CHECKPOINT), manager);
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
        TrainingSettings settings = TrainingSettings.builder().setArch("lenet5").setDataset("bands").optEpochs(4).optBatchSize(32).optLr(0.002)
                .optSchedule(ScheduleKind.COSINE).optWarmupEpochs(1).optSeed(7).optAugment("flip,crop").optLabelSmoothing(0.1)
                .setOut(out).setDataDir(out).build();
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
        for (String file : List.of(RunFiles.BEST_CHECKPOINT, "curves.json", "curves.png", "confusion.png", "summary.json")) {
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(Json.mapper().readTree(Files.readString(out.resolve("curves.json")))).hasSize(4);
    }
}
