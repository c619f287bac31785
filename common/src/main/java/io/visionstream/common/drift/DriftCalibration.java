package io.visionstream.common.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes a version's {@link DriftReference} from the embeddings (and predicted classes) of validation images the model
 * never trained on. The images are shuffled (seeded) and split: a quarter, at most {@value #MAX_SAMPLE}, becomes the
 * reference sample; the rest, at most {@value #MAX_HELD_OUT}, is held out for calibration. For each live window size
 * of {@link #WINDOW_SIZES} that the held-out part can serve (at most half of it), {@value #WINDOWS} windows are drawn
 * from the held-out embeddings without replacement and the threshold is the {@code 1 - }{@value #ALPHA} quantile of
 * the statistic over them, so that on an undrifted stream a single check crosses it with probability about alpha.
 *
 * <p>A window drawn without replacement from a finite held-out set of {@code h} varies less than a live window from
 * the endless stream (the finite-population correction {@code 1 - n/h}); each calibration window therefore holds
 * {@code n h / (n + h)} embeddings, whose mean varies as much as a live window of {@code n}'s.
 */
public final class DriftCalibration {

    /** Largest reference sample: the cost of one check grows with it (window x sample kernel evaluations). */
    public static final int MAX_SAMPLE = 1000;
    /** Largest held-out part. */
    public static final int MAX_HELD_OUT = 3000;
    /** How many validation images a publisher needs to embed at most: sample plus held-out part. */
    public static final int MAX_IMAGES = MAX_SAMPLE + MAX_HELD_OUT;
    /** Fewest reference embeddings a reference is made from. */
    public static final int MIN_SAMPLE = 100;
    /** Dimensions embeddings are projected to. */
    public static final int PROJECTION_DIMENSIONS = 32;
    /** The false-alarm probability of one check on an undrifted stream that the thresholds are set for. */
    public static final double ALPHA = 0.01;
    /** Calibration windows drawn per window size. */
    public static final int WINDOWS = 1000;
    /** The live window sizes thresholds are calibrated for. */
    public static final List<Integer> WINDOW_SIZES = List.of(100, 250, 500, 1000);

    private DriftCalibration() {
    }

    /**
     * The reference of {@code embeddings} (one row per validation image, the model's {@code embedding} output) whose
     * predicted classes are {@code predicted}, among {@code classes} classes.
     *
     * @throws IllegalArgumentException with fewer than {@code 4 x }{@value #MIN_SAMPLE} images, or embeddings all alike
     */
    public static DriftReference calibrate(float[][] embeddings, int[] predicted, int classes, String dataset, long seed) {
        int total = Math.min(embeddings.length, MAX_IMAGES);
        int sampleSize = Math.min(MAX_SAMPLE, total / 4);
        if (sampleSize < MIN_SAMPLE) {
            throw new IllegalArgumentException("a drift reference needs at least " + 4 * MIN_SAMPLE + " validation images, had " + embeddings.length);
        }
        int heldOut = Math.min(MAX_HELD_OUT, total - sampleSize);
        int[] order = permutation(embeddings.length, new Random(seed));
        int dimension = embeddings[0].length;
        DriftReference.Projection projectionSpec = new DriftReference.Projection(PROJECTION_DIMENSIONS, seed);
        RandomProjection projection = new RandomProjection(dimension, PROJECTION_DIMENSIONS, seed);
        float[][] sample = new float[sampleSize][];
        int[] sampleClasses = new int[sampleSize];
        for (int i = 0; i < sampleSize; i++) {
            sample[i] = projection.project(embeddings[order[i]]);
            sampleClasses[i] = predicted[order[i]];
        }
        float[][] pool = new float[heldOut][];
        int[] poolClasses = new int[heldOut];
        for (int i = 0; i < heldOut; i++) {
            pool[i] = projection.project(embeddings[order[sampleSize + i]]);
            poolClasses[i] = predicted[order[sampleSize + i]];
        }
        double bandwidth = GaussianMmd.medianDistance(sample);
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException("the validation embeddings are all alike: no drift reference can be made");
        }
        GaussianMmd mmd = new GaussianMmd(sample, bandwidth);
        double[] distribution = ClassShift.distribution(sampleClasses, sampleSize, classes);
        HeldOut windows = new HeldOut(mmd, pool, poolClasses, distribution, new Random(seed + 1));
        List<DriftReference.Threshold> thresholds = new ArrayList<>();
        for (int windowSize : WINDOW_SIZES) {
            if (windowSize <= heldOut / 2) {
                thresholds.add(windows.threshold(windowSize));
            }
        }
        return new DriftReference(DriftReference.SCHEMA_VERSION, dataset, dimension, projectionSpec, bandwidth, sample, distribution,
                new DriftReference.Calibration(ALPHA, WINDOWS, heldOut, thresholds));
    }

    /** The held-out embeddings with their kernel values precomputed, so that each calibration window costs only sums. */
    private static final class HeldOut {
        private final GaussianMmd mmd;
        private final int size;
        private final float[] kernel;
        private final double[] crossSums;
        private final int[] classes;
        private final double[] referenceDistribution;
        private final Random random;

        HeldOut(GaussianMmd mmd, float[][] pool, int[] classes, double[] referenceDistribution, Random random) {
            this.mmd = mmd;
            this.size = pool.length;
            this.kernel = new float[size * size];
            this.crossSums = new double[size];
            this.classes = classes;
            this.referenceDistribution = referenceDistribution;
            this.random = random;
            for (int a = 0; a < size; a++) {
                crossSums[a] = mmd.crossSum(pool[a]);
                for (int b = a + 1; b < size; b++) {
                    float k = (float) mmd.kernel(pool[a], pool[b]);
                    kernel[a * size + b] = k;
                    kernel[b * size + a] = k;
                }
            }
        }

        DriftReference.Threshold threshold(int windowSize) {
            int drawn = (int) Math.round(windowSize * (double) size / (windowSize + size));
            double[] statistics = new double[WINDOWS];
            double[] shifts = new double[WINDOWS];
            int[] indices = permutation(size, random);
            int[] window = new int[drawn];
            int[] windowClasses = new int[drawn];
            for (int w = 0; w < WINDOWS; w++) {
                for (int i = 0; i < drawn; i++) {
                    int j = i + random.nextInt(size - i);
                    int t = indices[i];
                    indices[i] = indices[j];
                    indices[j] = t;
                    window[i] = indices[i];
                    windowClasses[i] = classes[indices[i]];
                }
                statistics[w] = statistic(window);
                shifts[w] = ClassShift.totalVariation(ClassShift.distribution(windowClasses, drawn, referenceDistribution.length), referenceDistribution);
            }
            // a window's class distribution moves in steps of 1/n: a zero threshold would make any change infinite
            return new DriftReference.Threshold(windowSize, quantile(statistics), Math.max(quantile(shifts), 1.0 / windowSize));
        }

        private double statistic(int[] window) {
            int n = window.length;
            double within = 0;
            double cross = 0;
            for (int i = 0; i < n; i++) {
                int row = window[i] * size;
                for (int j = i + 1; j < n; j++) {
                    within += kernel[row + window[j]];
                }
                cross += crossSums[window[i]];
            }
            return GaussianMmd.combine(2 * within / ((double) n * (n - 1)), mmd.referenceTerm(), cross / ((double) n * mmd.referenceSize()));
        }
    }

    /** The {@code 1 - alpha} quantile: the ceil((1 - alpha)(B + 1))-th smallest of B values, the conservative order statistic. */
    static double quantile(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil((1 - ALPHA) * (sorted.length + 1));
        return sorted[Math.min(rank, sorted.length) - 1];
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
