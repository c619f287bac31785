package io.visionstream.common.drift;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The statistic and its calibration on synthetic embeddings whose distribution is known: 64-dimensional, correlated
 * Gaussian features through a ReLU (like a network's penultimate layer), class = the largest of the first 10 features.
 * Undrifted windows are fresh draws from the same distribution; drifted ones shift every feature by 0.3 of its spread.
 */
class DriftCheckTest {

    private static final int DIMENSION = 64;
    private static final int WINDOW = 500;
    private static final int CHECKS = 200;
    private static float[][] mixing;
    private static DriftReference reference;

    @BeforeAll
    static void calibrate() {
        Random random = new Random(7);
        mixing = new float[DIMENSION][DIMENSION];
        for (float[] row : mixing) {
            for (int j = 0; j < DIMENSION; j++) {
                row[j] = (float) (random.nextGaussian() / Math.sqrt(DIMENSION));
            }
        }
        float[][] validation = draw(random, 6000, 0);
        reference = DriftCalibration.calibrate(validation, classes(validation), 10, "synthetic", 11);
    }

    @Test
    void referenceHoldsAProjectedSampleAndThresholdsForTheWindowSizesItsHeldOutPartServes() {
        assertThat(reference.sample()).hasNumberOfRows(DriftCalibration.MAX_SAMPLE);
        assertThat(reference.sample()[0]).hasSize(DriftCalibration.PROJECTION_DIMENSIONS);
        assertThat(reference.calibration().heldOut()).isEqualTo(DriftCalibration.MAX_HELD_OUT);
        assertThat(reference.windowSizes()).containsExactly(100, 250, 500, 1000);
        assertThat(reference.classDistribution()).hasSize(10);
        assertThat(java.util.Arrays.stream(reference.classDistribution()).sum()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void anUndriftedStreamCrossesTheThresholdAboutAlphaOfTheTime() {
        double falseAlarms = alarmRate(0, CHECKS, new Random(21));

        // expected 0.01 (2 of 200); 0.03 is 6 of 200, which Binomial(200, 0.01) exceeds with probability 0.004
        assertThat(falseAlarms).isLessThanOrEqualTo(0.03);
    }

    /** The positive control: the same check on a drifted stream alarms on nearly every window. */
    @Test
    void aDriftedStreamCrossesItAlmostAlways() {
        double detections = alarmRate(0.3, 40, new Random(22));

        assertThat(detections).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aRelabelledStreamShowsAsClassShift() {
        DriftCheck check = new DriftCheck(reference, WINDOW);
        Random random = new Random(23);
        float[][] window = project(check, draw(random, WINDOW, 0));
        int[] undrifted = classes(draw(random, WINDOW, 0));
        int[] allOne = new int[WINDOW];

        assertThat(check.check(window, undrifted).classShiftScore()).isLessThan(1.5);
        assertThat(check.check(window, allOne).classShiftScore()).isGreaterThan(3);
    }

    @Test
    void aWindowSizeThatWasNotCalibratedIsRefused() {
        assertThatThrownBy(() -> new DriftCheck(reference, 300)).hasMessageContaining("[100, 250, 500, 1000]").hasMessageContaining("not 300");
    }

    @Test
    void tooFewValidationImagesMakeNoReference() {
        float[][] few = draw(new Random(1), 399, 0);
        assertThatThrownBy(() -> DriftCalibration.calibrate(few, classes(few), 10, "synthetic", 1)).hasMessageContaining("at least 400");
    }

    @Test
    void theStatisticIsZeroOnAverageForOneDistributionAndGrowsWithTheShift() {
        Random random = new Random(5);
        RandomProjection projection = new RandomProjection(DIMENSION, 32, 3);
        float[][] y = projectAll(projection, draw(random, 400, 0));
        GaussianMmd mmd = new GaussianMmd(y, GaussianMmd.medianDistance(y));
        double same = 0;
        for (int i = 0; i < 20; i++) {
            same += mmd.statistic(projectAll(projection, draw(random, 200, 0)), 200) / 20;
        }
        double small = mmd.statistic(projectAll(projection, draw(random, 200, 0.2)), 200);
        double large = mmd.statistic(projectAll(projection, draw(random, 200, 0.6)), 200);

        assertThat(Math.abs(same)).isLessThan(small);
        assertThat(small).isLessThan(large);
    }

    private static double alarmRate(double shift, int checks, Random random) {
        DriftCheck check = new DriftCheck(reference, WINDOW);
        int alarms = 0;
        for (int i = 0; i < checks; i++) {
            float[][] embeddings = draw(random, WINDOW, shift);
            if (check.check(project(check, embeddings), classes(embeddings)).score() >= 1) {
                alarms++;
            }
        }
        return alarms / (double) checks;
    }

    private static float[][] project(DriftCheck check, float[][] embeddings) {
        return projectAll(check.projection(), embeddings);
    }

    private static float[][] projectAll(RandomProjection projection, float[][] embeddings) {
        float[][] out = new float[embeddings.length][];
        for (int i = 0; i < embeddings.length; i++) {
            out[i] = projection.project(embeddings[i]);
        }
        return out;
    }

    /** {@code n} embeddings: ReLU of mixed standard normals, each pre-activation shifted by {@code shift}. */
    private static float[][] draw(Random random, int n, double shift) {
        float[][] out = new float[n][DIMENSION];
        double[] z = new double[DIMENSION];
        for (float[] row : out) {
            for (int j = 0; j < DIMENSION; j++) {
                z[j] = random.nextGaussian();
            }
            for (int i = 0; i < DIMENSION; i++) {
                double sum = shift;
                for (int j = 0; j < DIMENSION; j++) {
                    sum += mixing[i][j] * z[j];
                }
                row[i] = (float) Math.max(0, sum);
            }
        }
        return out;
    }

    private static int[] classes(float[][] embeddings) {
        int[] out = new int[embeddings.length];
        for (int i = 0; i < embeddings.length; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                if (embeddings[i][c] > embeddings[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
