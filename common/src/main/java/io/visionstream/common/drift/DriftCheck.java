package io.visionstream.common.drift;

/**
 * The one drift check, used by inference on its live windows and by tests on recorded streams: the MMD statistic
 * ({@link GaussianMmd}) of a full window of projected embeddings against the reference, and the class shift
 * ({@link ClassShift}) of its predicted classes, each divided by its calibrated threshold. A score of 1 or more means
 * drift at the calibration's level alpha: on an undrifted stream one window in about {@code 1/alpha} scores that high.
 * Scores are never negative (a negative MMD^2_u estimate counts as 0).
 */
public final class DriftCheck {

    private final DriftReference reference;
    private final DriftReference.Threshold threshold;
    private final RandomProjection projection;
    private final GaussianMmd mmd;

    /** A check of windows of {@code windowSize}; refused when the reference has no threshold for that size. */
    public DriftCheck(DriftReference reference, int windowSize) {
        this.reference = reference;
        this.threshold = reference.threshold(windowSize).orElseThrow(() -> new IllegalArgumentException("the drift reference has thresholds for windows of "
                + reference.windowSizes() + " embeddings, not " + windowSize));
        this.projection = reference.randomProjection();
        this.mmd = new GaussianMmd(reference.sample(), reference.bandwidth());
    }

    /** The projection a live embedding goes through before it enters a window. */
    public RandomProjection projection() {
        return projection;
    }

    public int windowSize() {
        return threshold.windowSize();
    }

    /** The thresholds this check divides by. */
    public DriftReference.Threshold threshold() {
        return threshold;
    }

    /**
     * One check's figures: each statistic, its threshold and their ratio (the score), and the window's predicted-class
     * distribution the class shift compared with the reference's.
     */
    public record Result(double statistic, double threshold, double score, double classShift, double classShiftThreshold,
                         double classShiftScore, double[] classDistribution) {
    }

    /** Checks a full window: {@link #windowSize()} projected embeddings and the classes predicted for them. */
    public Result check(float[][] projectedWindow, int[] predictedClasses) {
        int n = threshold.windowSize();
        if (projectedWindow.length != n || predictedClasses.length != n) {
            throw new IllegalArgumentException("a window of " + projectedWindow.length + " embeddings and " + predictedClasses.length
                    + " classes for a check of " + n);
        }
        double statistic = mmd.statistic(projectedWindow, n);
        double[] distribution = ClassShift.distribution(predictedClasses, n, reference.classDistribution().length);
        double shift = ClassShift.totalVariation(distribution, reference.classDistribution());
        return new Result(statistic, threshold.statistic(), Math.max(statistic, 0) / threshold.statistic(), shift, threshold.classShift(),
                shift / threshold.classShift(), distribution);
    }
}
