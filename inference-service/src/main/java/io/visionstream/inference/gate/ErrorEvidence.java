package io.visionstream.inference.gate;

import io.visionstream.common.events.GateCriterion;

/**
 * Scoring errors: each canary scoring (a batch) is paired with a stable scoring from the same moment, so failures
 * that hit the whole machine (a broker hiccup, memory pressure) cancel. The observation is
 * (canaryFailed - stableFailed + 1) / 2, whose mean exceeds (1 + margin) / 2 exactly when the canary's failure
 * proportion exceeds stable's by more than the margin. Unpaired outcomes wait (a few at most) for a partner; at 100 %
 * canary weight stable scores only the canary's failures, so this criterion then sees only those.
 */
final class ErrorEvidence extends CriterionEvidence {

    private static final int MAX_WAITING = 16;

    private final double margin;
    private final java.util.ArrayDeque<Boolean> waitingCanary = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Boolean> waitingStable = new java.util.ArrayDeque<>();
    private long canaryFailures;
    private long stableFailures;

    ErrorEvidence(double margin) {
        super((1 + margin) / 2, true);
        this.margin = margin;
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

    private static void keep(java.util.ArrayDeque<Boolean> queue, boolean failed) {
        queue.addLast(failed);
        if (queue.size() > MAX_WAITING) {
            queue.removeFirst();
        }
    }

    @Override
    GateCriterion criterion() {
        return GateCriterion.ERRORS;
    }

    @Override
    String statistic() {
        return "canary minus stable failure proportion per scoring";
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
