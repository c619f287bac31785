package io.visionstream.trainer.settings;

import io.visionstream.common.json.Json;
import io.visionstream.trainer.arch.Zoo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recipes resolve per network as {@link Recipe} documents them, explicit options override them, and run files keep them. */
class RecipeTest {

    private static TrainingSettingsBuilder zoo(String arch) {
        return TrainingSettings.builder().setArch(arch).setDataset("fashion-mnist").setOut(Path.of("/runs/x")).setDataDir(Path.of("/data"));
    }

    @Test
    void d2lTrainsEachChapterWithPlainSgdForTenEpochs() {
        TrainingSettings lenet = zoo("lenet5-classic").optRecipe(Recipe.D2L).build();
        TrainingSettings vgg = zoo("vgg11").optRecipe(Recipe.D2L).build();
        TrainingSettings resnet = zoo("resnet18").optRecipe(Recipe.D2L).build();

        assertThat(List.<Object>of(lenet.optimizer(), lenet.lr(), lenet.batchSize(), lenet.inputSize(), lenet.epochs(), lenet.momentum()))
                .containsExactly(OptimizerKind.SGD, 0.9, 256, 28, 10, 0.0);
        assertThat(zoo("lenet5").optRecipe(Recipe.D2L).build().lr()).as("the ReLU variant: d2l 1.0's rate").isEqualTo(0.1);
        assertThat(List.<Object>of(vgg.lr(), vgg.batchSize(), vgg.inputSize(), vgg.widthDivisor())).containsExactly(0.05, 128, 224, 4);
        assertThat(List.<Object>of(resnet.lr(), resnet.batchSize(), resnet.inputSize(), resnet.widthDivisor())).containsExactly(0.05, 256, 96, 1);
        assertThat(resnet.schedule()).isEqualTo(ScheduleKind.FIXED);
        assertThat(resnet.recipe()).isEqualTo(Recipe.D2L);
    }

    @Test
    void paperGivesInceptionV3ItsRmsPropAndLabelSmoothingAndFallsBackToD2lWhereItHasNoRow() {
        TrainingSettings v3 = zoo("inception-v3").optRecipe(Recipe.PAPER).build();
        TrainingSettings alexnet = zoo("alexnet").optRecipe(Recipe.PAPER).build();
        TrainingSettings nin = zoo("nin").optRecipe(Recipe.PAPER).build();

        assertThat(List.<Object>of(v3.optimizer(), v3.lr(), v3.momentum(), v3.labelSmoothing(), v3.batchSize(), v3.inputSize(), v3.schedule(),
                v3.stepEpochs(), v3.gamma())).containsExactly(OptimizerKind.RMSPROP, 0.045, 0.9, 0.1, 32, 299, ScheduleKind.STEP, 2, 0.94);
        assertThat(List.<Object>of(alexnet.optimizer(), alexnet.lr(), alexnet.momentum(), alexnet.weightDecay()))
                .containsExactly(OptimizerKind.SGD, 0.01, 0.9, 5e-4);
        assertThat(List.<Object>of(nin.optimizer(), nin.lr(), nin.momentum(), nin.batchSize(), nin.inputSize(), nin.epochs()))
                .as("d2l's NiN setting").containsExactly(OptimizerKind.SGD, 0.1, 0.0, 128, 224, 10);
    }

    @Test
    void modernKeepsD2lsProblemAndOptimisesWithAdamWCosineSmoothingAndAugmentation() {
        TrainingSettings s = zoo("vgg16").optRecipe(Recipe.MODERN).build();

        assertThat(List.<Object>of(s.optimizer(), s.schedule(), s.warmupEpochs(), s.labelSmoothing(), s.augment(), s.weightDecay()))
                .containsExactly(OptimizerKind.ADAMW, ScheduleKind.COSINE, 1, 0.1, "flip,crop", 0.05);
        assertThat(List.<Object>of(s.inputSize(), s.batchSize(), s.epochs(), s.widthDivisor())).containsExactly(224, 128, 10, 4);
    }

    @Test
    void everyZooNetworkHasEveryRecipe() {
        for (String arch : Zoo.names()) {
            for (Recipe recipe : Recipe.values()) {
                assertThat(zoo(arch).optRecipe(recipe).build().recipe()).isEqualTo(recipe);
            }
        }
    }

    @Test
    void optionsGivenAfterTheRecipeOverrideIt() {
        TrainingSettings s = zoo("resnet18").optRecipe(Recipe.PAPER).optLr(0.02).optEpochs(3).optInputSize(28).build();

        assertThat(List.<Object>of(s.lr(), s.epochs(), s.inputSize())).containsExactly(0.02, 3, 28);
        assertThat(List.<Object>of(s.optimizer(), s.momentum(), s.weightDecay(), s.batchSize())).containsExactly(OptimizerKind.SGD, 0.9, 1e-4, 256);
        assertThat(s.recipe()).isEqualTo(Recipe.PAPER);
    }

    @Test
    void aRecipeNeedsAZooNetworkNamedFirst() {
        assertThatThrownBy(() -> TrainingSettings.builder().optRecipe(Recipe.D2L)).hasMessageStartingWith("set the arch before the recipe");
        assertThatThrownBy(() -> zoo("custom").optRecipe(Recipe.D2L)).hasMessageStartingWith("recipe d2l has settings for the zoo networks");
        assertThatThrownBy(() -> Recipe.parse("fast")).hasMessage("recipe must be d2l, paper or modern, was 'fast'");
    }

    @Test
    void runFilesKeepTheRecipeByItsWireName() throws Exception {
        TrainingSettings s = zoo("densenet-small").optRecipe(Recipe.PAPER).build();

        assertThat(Json.mapper().readTree(Json.toJson(s)).get("recipe").asText()).isEqualTo("paper");
        assertThat(Json.fromBytes(Json.toJson(s).getBytes(StandardCharsets.UTF_8), TrainingSettings.class)).isEqualTo(s);
    }
}
