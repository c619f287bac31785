package io.visionstream.inference.retrain;

import io.visionstream.inference.gate.BettingTest;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One model version's accuracy on labelled answers, judged window by window: within a window of {@code size}
 * answers an always-valid test of "accuracy >= threshold" (the gate's {@link BettingTest}) is read after every answer;
 * rejecting it at {@code alpha} is the finding "accuracy below the threshold". A window that ends without a finding
 * is dropped and a fresh one starts, so each window wrongly finds a drop with probability at most alpha while the
 * accuracy is at or above the threshold (one finding per window at most). A finding needs {@code minSeen} answers in
 * the window (reading the test less often keeps its guarantee). A finding says when its window began (the first
 * answer's label arrival): the evidence is about the stream since then. Not thread-safe.
 */
final class AccuracyWindow {

    private final double threshold;
    private final int size;
    private final double alpha;
    private final int minSeen;
    private BettingTest test;
    private long seen;
    private long right;
    private Instant since;

    AccuracyWindow(double threshold, int size, int minSeen, double alpha) {
        this.threshold = threshold;
        this.size = size;
        this.minSeen = minSeen;
        this.alpha = alpha;
        restart();
    }

    /** A drop found: the window's accuracy when it was found, the evidence in words, and when the window began. */
    record Finding(double accuracy, String evidence, Instant since) {
    }

    /** Adds one labelled answer whose label arrived at {@code labelArrivedAt}; returns the finding when this answer completes it. */
    Optional<Finding> observe(boolean correct, Instant labelArrivedAt) {
        if (seen == 0) {
            since = labelArrivedAt;
        }
        test.observe(correct ? 1 : 0);
        seen++;
        right += correct ? 1 : 0;
        if (seen >= minSeen && test.rejects(alpha)) {
            String evidence = String.format(Locale.ROOT, "right on %d of the last %d labelled answers (%.3f); always-valid test of "
                    + "accuracy >= %.3f rejected (p %.2g <= %.2g)", right, seen, accuracy(), threshold, test.pValue(), alpha);
            Finding finding = new Finding(accuracy(), evidence, since);
            restart();
            return Optional.of(finding);
        }
        if (seen >= size) {
            restart();
        }
        return Optional.empty();
    }

    private double accuracy() {
        return seen == 0 ? Double.NaN : right / (double) seen;
    }

    private void restart() {
        test = BettingTest.meanBelow(threshold);
        seen = 0;
        right = 0;
    }
}
