package io.visionstream.trainer.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerMainTest {

    @Test
    void modelNamesComeFromTheDataSetOrTheImageFolder() {
        assertThat(TrainerMain.defaultModelName("fashion-mnist")).isEqualTo("fashion");
        assertThat(TrainerMain.defaultModelName("cifar-10")).isEqualTo("cifar-10");
        assertThat(TrainerMain.defaultModelName("imagefolder:/data/flowers")).isEqualTo("flowers");
        assertThat(TrainerMain.defaultModelName("imagefolder:/data/my flowers (2024)/")).isEqualTo("my-flowers--2024-");
        assertThat(TrainerMain.defaultModelName("imagefolder:/")).isEqualTo("imagefolder");
    }

    @Test
    void inspectNeedsAnOnnxFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = java.nio.file.Files.write(dir.resolve("my model.onnx"), io.visionstream.common.testing.TinyClassifiers.columnClassifier(3, 4));
        java.nio.file.Path out = dir.resolve("manifest.json");
        assertThat(Inspect.run("inspect", model.toString(), "--name", "pets", "--out", out.toString())).isZero();
        assertThat(io.visionstream.common.json.Json.fromBytes(java.nio.file.Files.readAllBytes(out), io.visionstream.common.manifest.ModelManifest.class)
                .name()).isEqualTo("pets");
        assertThat(Inspect.run("inspect")).isEqualTo(2);
        assertThat(Inspect.run("inspect", dir.resolve("missing.onnx").toString())).isEqualTo(2);
    }

    @Test
    void nesterovIsAFlagThatMayAlsoTakeAValue() {
        assertThat(TrainerMain.options("train", "--optimizer", "sgd", "--nesterov", "--momentum", "0.9"))
                .containsEntry("nesterov", "true").containsEntry("momentum", "0.9");
        assertThat(TrainerMain.options("train", "--nesterov")).containsEntry("nesterov", "true");
        assertThat(TrainerMain.options("train", "--nesterov", "false")).containsEntry("nesterov", "false");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainerMain.options("train", "--epochs"))
                .hasMessageContaining("expected --option value, got '--epochs'");
    }

    @Test
    void archsListsEachNetworkAtItsStandardInputUnlessASizeIsGiven() {
        java.util.List<String> standard = ArchsTable.lines(TrainerMain.options("archs"));
        java.util.List<String> at224 = ArchsTable.lines(TrainerMain.options("archs", "--size", "224"));

        assertThat(standard).filteredOn(l -> l.startsWith("inception-v4 ")).singleElement().asString()
                .contains("3x299x299").contains("42,679,816");
        assertThat(standard).filteredOn(l -> l.startsWith("inception-resnet-v2 ")).singleElement().asString()
                .contains("3x299x299").contains("55,843,464");
        assertThat(standard).filteredOn(l -> l.startsWith("lenet5 ")).singleElement().asString().contains("1x28x28");
        assertThat(at224).filteredOn(l -> l.startsWith("inception-v4 ")).singleElement().asString().contains("3x224x224");
    }

    @Test
    void theCliTakesAnyPathAndSizeTheHttpApiWouldRefuse() {
        io.visionstream.trainer.settings.TrainingSettings settings = TrainerMain.settings(TrainerMain.options("train", "--arch", "lenet5",
                "--dataset", "imagefolder:/srv/images", "--data", "/srv/idx", "--init-from", "/srv/runs/lenet5-1", "--epochs", "5000",
                "--batch-size", "8192"));

        assertThat(settings.dataset()).isEqualTo("imagefolder:/srv/images");
        assertThat(settings.localData()).isEqualTo(java.nio.file.Path.of("/srv/idx"));
        assertThat(settings.initFrom()).isEqualTo(java.nio.file.Path.of("/srv/runs/lenet5-1"));
        assertThat(settings.epochs()).isEqualTo(5000);
        assertThat(settings.batchSize()).isEqualTo(8192);
    }

    @Test
    void aRecipeFillsWhatTheOptionsDoNotGive() {
        io.visionstream.trainer.settings.TrainingSettings settings = TrainerMain.settings(TrainerMain.options("train", "--arch", "vgg11",
                "--dataset", "fashion-mnist", "--lr", "0.02", "--recipe", "d2l", "--width-divisor", "8"));

        assertThat(settings.recipe()).isEqualTo(io.visionstream.trainer.settings.Recipe.D2L);
        assertThat(settings.lr()).as("given").isEqualTo(0.02);
        assertThat(settings.widthDivisor()).as("given").isEqualTo(8);
        assertThat(settings.batchSize()).as("d2l's VGG").isEqualTo(128);
        assertThat(settings.inputSize()).as("d2l's VGG").isEqualTo(224);
    }

    @Test
    void resumeTakesOnlyTheEpochsAndPublishingOptions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainerMain.resumeSettings(TrainerMain.options("train", "--resume", "runs/x",
                "--lr", "0.1", "--epochs", "4"))).hasMessageContaining("only --epochs, --publish and --model-name").hasMessageContaining("[--lr]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainerMain.resumeSettings(TrainerMain.options("train", "--resume", "/no/run")))
                .hasMessageContaining("holds no resume.json");
    }

    @Test
    void onlyCommandsThatPublishBootQuarkus() {
        assertThat(TrainerMain.publishes("publish", "--run", "runs/x")).isTrue();
        assertThat(TrainerMain.publishes("train", "--arch", "lenet5", "--dataset", "mnist")).isTrue();
        assertThat(TrainerMain.publishes("train", "--arch", "lenet5", "--dataset", "mnist", "--publish", "false")).isFalse();
        assertThat(TrainerMain.publishes("train", "--epochs")).as("a usage error is reported without Quarkus").isFalse();
        assertThat(TrainerMain.publishes("continual", "--model", "fashion", "--last", "500")).isTrue();
        assertThat(TrainerMain.publishes("continual", "--model", "fashion", "--last", "500", "--publish", "false")).isFalse();
        assertThat(TrainerMain.publishes("archs")).isFalse();
        assertThat(TrainerMain.publishes("inspect", "model.onnx")).isFalse();
        assertThat(TrainerMain.publishes("export-zoo", "--arch", "resnet18", "--out", "x")).isFalse();
        assertThat(TrainerMain.publishes("export-bench")).isFalse();
    }
}
