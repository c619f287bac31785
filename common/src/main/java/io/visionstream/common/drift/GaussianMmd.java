package io.visionstream.common.drift;

import java.util.Arrays;

/**
 * The drift statistic: the squared maximum mean discrepancy (Gretton et al., "A Kernel Two-Sample Test", JMLR 2012)
 * between a window of live embeddings X and the reference sample Y, with the Gaussian kernel
 * {@code k(a, b) = exp(-|a - b|^2 / (2 sigma^2))}, in its unbiased form
 * <pre>MMD^2_u = mean_{i!=j} k(x_i, x_j) + mean_{i!=j} k(y_i, y_j) - 2 mean_{i,j} k(x_i, y_j)</pre>
 * It is near 0 when both come from one distribution (it can be slightly negative) and grows with any difference in
 * distribution, not only in the mean. The bandwidth sigma is the median pairwise distance of the reference (the
 * median heuristic), fixed at publish time. The reference's own term is computed once.
 */
public final class GaussianMmd {

    private final float[][] reference;
    private final double gamma;
    private final double referenceTerm;

    /** The statistic against {@code reference} (projected embeddings, at least 2) with bandwidth {@code sigma}. */
    public GaussianMmd(float[][] reference, double sigma) {
        if (reference.length < 2 || !(sigma > 0)) {
            throw new IllegalArgumentException("MMD needs at least 2 reference points and a positive bandwidth, had " + reference.length
                    + " and " + sigma);
        }
        this.reference = reference;
        this.gamma = 1 / (2 * sigma * sigma);
        this.referenceTerm = offDiagonalMean(reference, reference.length);
    }

    /** MMD^2_u between the first {@code count} (at least 2) rows of {@code window} and the reference. */
    public double statistic(float[][] window, int count) {
        if (count < 2) {
            throw new IllegalArgumentException("MMD needs at least 2 window points, had " + count);
        }
        double cross = 0;
        for (int i = 0; i < count; i++) {
            cross += crossSum(window[i]);
        }
        return combine(offDiagonalMean(window, count), referenceTerm, cross / ((double) count * reference.length));
    }

    /** The sum of k(x, y) over the reference points y: what one window point adds to the cross term. */
    double crossSum(float[] point) {
        double sum = 0;
        for (float[] y : reference) {
            sum += kernel(point, y);
        }
        return sum;
    }

    /** MMD^2_u from its three means: within the window, within the reference, and between them. */
    static double combine(double windowTerm, double referenceTerm, double crossTerm) {
        return windowTerm + referenceTerm - 2 * crossTerm;
    }

    double referenceTerm() {
        return referenceTerm;
    }

    int referenceSize() {
        return reference.length;
    }

    double kernel(float[] a, float[] b) {
        return Math.exp(-gamma * squaredDistance(a, b));
    }

    /**
     * The median heuristic: the median Euclidean distance between distinct points of {@code points} (all pairs), the
     * usual bandwidth of a Gaussian kernel two-sample test.
     */
    public static double medianDistance(float[][] points) {
        int n = points.length;
        double[] distances = new double[n * (n - 1) / 2];
        int next = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                distances[next++] = squaredDistance(points[i], points[j]);
            }
        }
        Arrays.sort(distances);
        return Math.sqrt(distances[distances.length / 2]);
    }

    private double offDiagonalMean(float[][] points, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            for (int j = i + 1; j < count; j++) {
                sum += kernel(points[i], points[j]);
            }
        }
        return 2 * sum / ((double) count * (count - 1));
    }

    static double squaredDistance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}
