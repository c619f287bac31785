package io.visionstream.inference.retrain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retrain policy's false-alarm rate, simulated: windows of labelled answers from a stable version exactly at the
 * threshold (the hardest case) rarely find a drop; a version 15 points below it is found within the window.
 */
class AccuracyWindowTest {

    private static final double THRESHOLD = 0.80;
    private static final int WINDOW = 500;
    private static final double ALPHA = 0.01;
    private static final int WINDOWS = 2_000;

    @Test
    void atTheThresholdAWindowFindsADropAtMostAlphaOfTheTime() {
        double rate = findings(THRESHOLD, new SplittableRandom(1));
        System.out.printf("retrain policy false alarms at accuracy = threshold %.2f: %.4f of %d windows of %d (alpha %.2f)%n", THRESHOLD, rate,
                WINDOWS, WINDOW, ALPHA);
        assertThat(rate).isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void fifteenPointsBelowTheThresholdIsFoundInAlmostEveryWindow() {
        double rate = findings(THRESHOLD - 0.15, new SplittableRandom(2));
        System.out.printf("retrain policy detections at accuracy %.2f: %.4f of %d windows%n", THRESHOLD - 0.15, rate, WINDOWS);
        assertThat(rate).isGreaterThanOrEqualTo(0.99);
    }

    /** Share of windows in which the policy found a drop. */
    private static double findings(double accuracy, SplittableRandom random) {
        int found = 0;
        for (int w = 0; w < WINDOWS; w++) {
            AccuracyWindow window = new AccuracyWindow(THRESHOLD, WINDOW, 50, ALPHA);
            for (int i = 0; i < WINDOW; i++) {
                if (window.observe(random.nextDouble() < accuracy, Instant.EPOCH).isPresent()) {
                    found++;
                    break;
                }
            }
        }
        return found / (double) WINDOWS;
    }
}
