package io.visionstream.inference.gate;

import io.visionstream.common.events.GateCriterion;

import java.util.ArrayDeque;

/**
 * A failure proportion compared between canary and stable, each canary outcome paired with a stable outcome from the
 * same moment, so what hits both alike cancels: scoring failures (a broker hiccup, memory pressure hit both) and
 * wrong answers on labelled images (a harder stretch of the stream is hard for both). The observation is
 * (canaryFailed - stableFailed + 1) / 2, whose mean exceeds (1 + margin) / 2 exactly when the canary's failure
 * proportion exceeds stable's by more than the margin. Outcomes are paired in arrival order, which does not depend on
 * the outcomes, so each pair's difference has the two proportions' difference as its mean. Unpaired outcomes wait (a
 * few at most) for a partner.
 */
final class PairedFailureEvidence extends CriterionEvidence {

    private static final int MAX_WAITING = 16;

    private final GateCriterion criterion;
    private final String statistic;
    private final double margin;
    private final ArrayDeque<Boolean> waitingCanary = new ArrayDeque<>();
    private final ArrayDeque<Boolean> waitingStable = new ArrayDeque<>();
    private long canaryFailures;
    private long stableFailures;

    private PairedFailureEvidence(GateCriterion criterion, String statistic, double margin) {
        super((1 + margin) / 2, true);
        this.criterion = criterion;
        this.statistic = statistic;
        this.margin = margin;
    }

    /**
     * Scoring errors: each canary scoring (a batch) against a stable scoring. At 100 % canary weight stable scores only
     * the canary's failures, so this criterion then sees only those.
     */
    static PairedFailureEvidence errors(double maxErrorExcess) {
        return new PairedFailureEvidence(GateCriterion.ERRORS, "canary minus stable failure proportion per scoring", maxErrorExcess);
    }

    /** Wrong top-1 answers on labelled images: the estimate is stable's accuracy minus the canary's. */
    static PairedFailureEvidence accuracy(double maxAccuracyDrop) {
        return new PairedFailureEvidence(GateCriterion.ACCURACY, "stable minus canary top-1 accuracy on labelled images", maxAccuracyDrop);
    }

    void canary(boolean failed) {
        Boolean stable = waitingStable.pollLast();
        waitingStable.clear();
        if (stable == null) {
            keep(waitingCanary, failed);
        } else {
            pair(failed, stable);
        }
    }

    void stable(boolean failed) {
        Boolean canary = waitingCanary.pollFirst();
        if (canary == null) {
            keep(waitingStable, failed);
        } else {
            pair(canary, failed);
        }
    }

    private void pair(boolean canaryFailed, boolean stableFailed) {
        canaryFailures += canaryFailed ? 1 : 0;
        stableFailures += stableFailed ? 1 : 0;
        observe(((canaryFailed ? 1 : 0) - (stableFailed ? 1 : 0) + 1) / 2.0);
    }

    private static void keep(ArrayDeque<Boolean> queue, boolean failed) {
        queue.addLast(failed);
        if (queue.size() > MAX_WAITING) {
            queue.removeFirst();
        }
    }

    @Override
    GateCriterion criterion() {
        return criterion;
    }

    @Override
    String statistic() {
        return statistic;
    }

    @Override
    Double estimate() {
        return samples() == 0 ? null : (canaryFailures - stableFailures) / (double) samples();
    }

    @Override
    double threshold() {
        return margin;
    }
}
