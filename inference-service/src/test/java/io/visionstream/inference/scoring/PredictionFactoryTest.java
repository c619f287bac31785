package io.visionstream.inference.scoring;

import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.testing.TinyClassifiers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionFactoryTest {

    @Test
    void listsTheTopKClassesInOrderWithLabelsAndTimings() {
        Instant event = Instant.parse("2026-11-24T10:00:00Z");
        PredictionFactory factory = new PredictionFactory(3, Clock.fixed(event.plusMillis(12), ZoneOffset.UTC));
        var manifest = TinyClassifiers.manifest("m", ColourMode.GREY, List.of("a", "b", "c", "d", "e")).published(2, "0".repeat(64), event);
        Scored scored = new Scored(manifest, Route.CANARY, new float[] {0.1f, 0.4f, 0.05f, 0.4f, 0.05f}, null, 7, 1.5, 2.5);

        Prediction prediction = factory.create("img-1", scored, Route.CANARY, event);

        assertThat(prediction.top()).extracting(c -> c.index() + ":" + c.label()).containsExactly("1:b", "3:d", "0:a");
        assertThat(prediction.model().version()).isEqualTo(2);
        assertThat(prediction.route()).isEqualTo(Route.CANARY);
        assertThat(prediction.batchSize()).isEqualTo(7);
        assertThat(prediction.timings().totalMs()).isEqualTo(12.0);
        assertThat(prediction.timings().queueMs()).isEqualTo(1.5);
    }

    @Test
    void topIndicesHandlesKLargerThanNeededAndDescendingInput() {
        assertThat(PredictionFactory.topIndices(new float[] {5, 4, 3, 2, 1}, 2)).containsExactly(0, 1);
        assertThat(PredictionFactory.topIndices(new float[] {1, 2, 3, 4, 5}, 5)).containsExactly(4, 3, 2, 1, 0);
        assertThat(PredictionFactory.topIndices(new float[] {0.2f}, 1)).containsExactly(0);
    }
}
