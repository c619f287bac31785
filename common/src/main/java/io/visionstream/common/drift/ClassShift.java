package io.visionstream.common.drift;

/**
 * The second, cheaper drift signal: the total variation distance {@code 1/2 sum_c |p_c - q_c|} between the predicted-
 * class distribution of a window and the reference's (0 = identical, 1 = disjoint). A shift in what the model answers
 * can show drift in the label mix (prior shift) that leaves each class's embeddings alike.
 */
public final class ClassShift {

    private ClassShift() {
    }

    /** The distribution of the first {@code count} predicted classes over {@code classes} classes. */
    public static double[] distribution(int[] predicted, int count, int classes) {
        double[] p = new double[classes];
        for (int i = 0; i < count; i++) {
            p[predicted[i]] += 1.0 / count;
        }
        return p;
    }

    /** The total variation distance between two distributions over the same classes. */
    public static double totalVariation(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions over " + p.length + " and " + q.length + " classes");
        }
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            sum += Math.abs(p[c] - q[c]);
        }
        return sum / 2;
    }
}
