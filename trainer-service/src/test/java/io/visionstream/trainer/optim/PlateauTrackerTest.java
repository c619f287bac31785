package io.visionstream.trainer.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlateauTrackerTest {

    @Test
    void reducesTheRateAfterPatienceEpochsWithoutImprovement() {
        PlateauTracker tracker = new PlateauTracker(0.1f, 0.5f, 2);

        assertThat(tracker.epochEnded(0.80)).isFalse();
        assertThat(tracker.epochEnded(0.85)).isFalse();
        assertThat(tracker.epochEnded(0.84)).isFalse();
        assertThat(tracker.epochEnded(0.85)).as("second epoch without a better accuracy").isTrue();

        assertThat(tracker.getNewValue(1234)).isEqualTo(0.05f);
        assertThat(tracker.epochEnded(0.90)).isFalse();
        assertThat(tracker.getNewValue(5678)).isEqualTo(0.05f);
    }
}
