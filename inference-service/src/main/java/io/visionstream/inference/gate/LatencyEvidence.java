package io.visionstream.inference.gate;

import io.visionstream.common.events.GateCriterion;

import java.util.ArrayDeque;

/**
 * Latency: the same images, in batches of the same size, scored by the canary and by stable back to back, so
 * machine-wide noise (another process, a busy core) hits both alike and batch size cannot favour either. The
 * observation is whether the canary took more than {@code ratio} times stable's time: a sign test on the ratio, so a
 * GC pause or a burst on one side counts once, however long it was. Its mean exceeds 1/2 exactly when the median
 * canary/stable ratio exceeds {@code ratio}. The estimate shown is the median of the last 1,001 ratios.
 */
final class LatencyEvidence extends CriterionEvidence {

    private static final int KEPT_RATIOS = 1001;

    private final double ratio;
    private final ArrayDeque<Double> recentRatios = new ArrayDeque<>();

    LatencyEvidence(double ratio) {
        super(0.5, true);
        this.ratio = ratio;
    }

    void pair(double canaryMs, double stableMs) {
        recentRatios.addLast(stableMs > 0 ? canaryMs / stableMs : Double.POSITIVE_INFINITY);
        if (recentRatios.size() > KEPT_RATIOS) {
            recentRatios.removeFirst();
        }
        observe(canaryMs > ratio * stableMs ? 1 : 0);
    }

    @Override
    GateCriterion criterion() {
        return GateCriterion.LATENCY;
    }

    @Override
    String statistic() {
        return "median canary/stable time of the same batch";
    }

    @Override
    Double estimate() {
        if (recentRatios.isEmpty()) {
            return null;
        }
        double[] sorted = recentRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    @Override
    double threshold() {
        return ratio;
    }
}
