package io.visionstream.trainer.settings;

import io.visionstream.common.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's one set of defaults, its field-naming errors, and the wire names the enums keep in run files. */
class TrainingSettingsTest {

    private static TrainingSettingsBuilder lenet() {
        return TrainingSettings.builder().setArch("lenet5").setDataset("mnist").setOut(Path.of("/runs/x")).setDataDir(Path.of("/data"));
    }

    @Test
    void defaultsAreTheSeedsNotebooks() {
        TrainingSettings s = lenet().build();

        assertThat(s.epochs()).isEqualTo(10);
        assertThat(s.batchSize()).isEqualTo(256);
        assertThat(s.lr()).isEqualTo(0.001);
        assertThat(s.optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(s.schedule()).isEqualTo(ScheduleKind.FIXED);
        assertThat(s.freeze()).isEqualTo(FreezePolicy.NONE);
        assertThat(s.valFraction()).isEqualTo(0.2);
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.augment()).isEqualTo("none");
        assertThat(s.milestones()).isEmpty();
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> lenet().optEpochs(0).build()).hasMessage("epochs must be >= 1, was 0");
        assertThatThrownBy(() -> lenet().optNesterov(true).build()).hasMessage("nesterov needs optimizer sgd with a momentum > 0");
        assertThatThrownBy(() -> lenet().optSchedule(ScheduleKind.MULTISTEP).build()).hasMessageStartingWith("milestones ");
        assertThatThrownBy(() -> lenet().optFreeze(FreezePolicy.ALL_BUT_CLASSIFIER).build()).hasMessageStartingWith("freeze needs initFrom");
    }

    @Test
    void errorsCarryTheRefusedSetting() {
        assertThatThrownBy(() -> lenet().optLabelSmoothing(1).build()).isInstanceOfSatisfying(InvalidSettingException.class,
                e -> assertThat(e.setting()).isEqualTo(Setting.LABEL_SMOOTHING));
        assertThatThrownBy(() -> lenet().optAugment("rotate").build()).hasMessageStartingWith("augment ")
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo(Setting.AUGMENT));
        assertThatThrownBy(() -> ScheduleKind.parse("linear")).isInstanceOfSatisfying(InvalidSettingException.class,
                e -> assertThat(e.setting()).isEqualTo(Setting.SCHEDULE));
    }

    @Test
    void wireNamesParseInAnyCaseAndUnknownOnesListTheAcceptedValues() {
        assertThat(OptimizerKind.parse("AdamW")).isEqualTo(OptimizerKind.ADAMW);
        assertThat(FreezePolicy.parse("all-but-classifier")).isEqualTo(FreezePolicy.ALL_BUT_CLASSIFIER);
        assertThatThrownBy(() -> OptimizerKind.parse("LBFGS")).hasMessage("optimizer must be adam, adamw, sgd or rmsprop, was 'lbfgs'");
        assertThatThrownBy(() -> ScheduleKind.parse("linear"))
                .hasMessage("schedule must be fixed, step, multistep, plateau or cosine, was 'linear'");
        assertThatThrownBy(() -> FreezePolicy.parse("some")).hasMessage("freeze must be none or all-but-classifier, was 'some'");
    }

    @Test
    void runFilesKeepTheWireNames() throws Exception {
        TrainingSettings s = lenet().optOptimizer(OptimizerKind.SGD).optSchedule(ScheduleKind.PLATEAU).optInitFrom(Path.of("/runs/a"))
                .optFreeze(FreezePolicy.ALL_BUT_CLASSIFIER).build();

        var json = Json.mapper().readTree(Json.toJson(s));

        assertThat(json.get("optimizer").asText()).isEqualTo("sgd");
        assertThat(json.get("schedule").asText()).isEqualTo("plateau");
        assertThat(json.get("freeze").asText()).isEqualTo("all-but-classifier");
        assertThat(Json.fromBytes(Json.toJson(s).getBytes(java.nio.charset.StandardCharsets.UTF_8), TrainingSettings.class)).isEqualTo(s);
    }
}
