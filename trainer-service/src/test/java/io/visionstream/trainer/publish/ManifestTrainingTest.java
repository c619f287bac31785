package io.visionstream.trainer.publish;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.trainer.settings.Recipe;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.train.TrainingSummary;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A published version's manifest says which recipe trained it and the settings that recipe and the options gave. */
class ManifestTrainingTest {

    @Test
    void theTrainingSectionRecordsTheRecipeAndTheSettingsItFilled() {
        TrainingSettings settings = TrainingSettings.builder().setArch("inception-v3").setDataset("fashion-mnist").setOut(Path.of("/runs/x"))
                .setDataDir(Path.of("/data")).optRecipe(Recipe.PAPER).optEpochs(3).build();
        TrainingSummary summary = new TrainingSummary("inception-v3", "fashion-mnist", settings, null, null, List.of(), 0, 0, 3, 2, 0.9, 0.89,
                0.99, List.of(), null, 10, "cpu", 60, "/runs/x", List.of(), null);

        ModelManifest.Training training = ModelPublisher.training(summary);

        assertThat(training).isEqualTo(new ModelManifest.Training("fashion-mnist", 3, "rmsprop", 0.045, 32, 42, "cpu", "paper", 0.9, false, 0.0,
                "step", 0, 0.1, "none", null));
    }
}
