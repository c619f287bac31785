package io.visionstream.demo;

import io.visionstream.common.events.ClassScore;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.local.load.LoadGenerator;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The figures the demo prints are computed from the predictions a client received, against the true labels. */
class PassFiguresTest {

    private static final int[] LABELS = {0, 1, 2, 3};

    @Test
    void accuracySplitAndShadowAgreementComeFromThePredictions() {
        Map<String, Long> sent = new HashMap<>();
        Map<String, Long> received = new HashMap<>();
        Map<String, byte[]> predictions = new HashMap<>();
        int[][] answers = {{1, 0}, {1, 1}, {2, 0}, {1, 0}}; // {version, top-1 class} for keys p-0..p-3
        for (int i = 0; i < answers.length; i++) {
            sent.put("p-" + i, 0L);
            received.put("p-" + i, (i + 1) * 1_000_000L); // 1, 2, 3, 4 ms after sending
            predictions.put("p-" + i, prediction("p-" + i, answers[i][0], answers[i][1]));
        }
        LoadGenerator.Run run = new LoadGenerator.Run(sent, received, predictions, 0, 4_000_000L);
        Map<String, Prediction> shadows = Map.of(
                "p-0", Json.fromBytes(prediction("p-0", 2, 0), Prediction.class),  // agrees with v1
                "p-1", Json.fromBytes(prediction("p-1", 2, 2), Prediction.class),  // disagrees
                "p-2", Json.fromBytes(prediction("p-2", 2, 0), Prediction.class)); // same version answered: not a comparison

        PassFigures figures = PassFigures.of(run, "p-", LABELS, shadows);

        assertThat(figures.sent()).isEqualTo(4);
        assertThat(figures.predicted()).isEqualTo(4);
        assertThat(figures.accuracy()).as("p-0 and p-1 right, p-2 and p-3 wrong").isEqualTo(0.5);
        assertThat(figures.perVersion()).containsOnly(Map.entry(1, 3L), Map.entry(2, 1L));
        assertThat(figures.accuracyPerVersion().get(1)).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(figures.accuracyPerVersion().get(2)).isEqualTo(0.0);
        assertThat(figures.shadowCompared()).isEqualTo(2);
        assertThat(figures.shadowAgreement()).isEqualTo(0.5);
        assertThat(figures.p50Ms()).isEqualTo(2.0);
        assertThat(figures.p99Ms()).isEqualTo(4.0);
        assertThat(figures.throughput()).as("4 predictions in 4 ms").isCloseTo(1000.0, within(1e-6));
    }

    private static byte[] prediction(String key, int version, int top1) {
        return Json.toBytes(new Prediction(key, new ModelRef("fashion", version), Route.STABLE,
                List.of(new ClassScore(top1, "class-" + top1, 0.9)), null, 1));
    }
}
