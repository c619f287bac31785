package io.visionstream.common.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LabelledPredictionTest {

    private static final List<String> LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");
    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    private static Prediction predicted(int... indexes) {
        List<ClassScore> top = new java.util.ArrayList<>();
        for (int i = 0; i < indexes.length; i++) {
            top.add(new ClassScore(indexes[i], LABELS.get(indexes[i]), 0.5 / (i + 1)));
        }
        return new Prediction("img-1", new ModelRef("fashion", 1), Route.STABLE, top, null, 1);
    }

    @Test
    void labelByIndexOrByNameJudgesTheSameAndResolvesTheOther() {
        Prediction prediction = predicted(9, 7, 5, 8, 0);
        LabelledPrediction byIndex = LabelledPrediction.of(prediction, new GroundTruth("img-1", 7, null, T, "qa"), LABELS, T, T);
        LabelledPrediction byName = LabelledPrediction.of(prediction, new GroundTruth("img-1", null, "Sneaker", T, "qa"), LABELS, T, T);

        assertThat(byIndex.correct()).isFalse();
        assertThat(byIndex.top5Correct()).isTrue();
        assertThat(byIndex.labelName()).isEqualTo("Sneaker");
        assertThat(byName.labelIndex()).isEqualTo(7);
        assertThat(byName.correct()).isEqualTo(byIndex.correct());
        assertThat(byName.top5Correct()).isEqualTo(byIndex.top5Correct());
        assertThat(LabelledPrediction.of(prediction, new GroundTruth("img-1", 9, null, T, "qa"), LABELS, T, T).correct()).isTrue();
    }

    @Test
    void topFiveIsUnknownOnlyWhenThePredictionIsTooShortToTell() {
        assertThat(LabelledPrediction.of(predicted(9, 7), new GroundTruth("img-1", 3, null, T, "qa"), LABELS, T, T).top5Correct()).isNull();
        assertThat(LabelledPrediction.of(predicted(9, 7), new GroundTruth("img-1", 7, null, T, "qa"), LABELS, T, T).top5Correct()).isTrue();
        assertThat(LabelledPrediction.of(predicted(9, 7, 5, 8, 0), new GroundTruth("img-1", 3, null, T, "qa"), LABELS, T, T).top5Correct()).isFalse();
    }

    @Test
    void aNameTheModelDoesNotKnowIsWrongAndHasNoIndex() {
        LabelledPrediction unknown = LabelledPrediction.of(predicted(9), new GroundTruth("img-1", null, "Hat", T, "qa"), LABELS, T, T);
        assertThat(unknown.labelIndex()).isNull();
        assertThat(unknown.correct()).isFalse();
    }
}
