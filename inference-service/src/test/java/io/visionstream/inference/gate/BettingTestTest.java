package io.visionstream.inference.gate;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test by betting keeps its level however often it is read, and finds real effects. */
class BettingTestTest {

    private static final int RUNS = 2_000;
    private static final int LOOKS = 2_000;
    private static final double ALPHA = 0.05;

    @Test
    void readAfterEveryObservationItRejectsATrueNullAtMostAlphaOfTheTime() {
        SplittableRandom random = new SplittableRandom(7);
        int rejected = 0;
        for (int run = 0; run < RUNS; run++) {
            BettingTest test = BettingTest.meanAbove(0.3);
            for (int i = 0; i < LOOKS; i++) {
                test.observe(random.nextDouble() < 0.3 ? 1 : 0);
                if (test.rejects(ALPHA)) {
                    rejected++;
                    break;
                }
            }
        }
        // 2,000 runs at the boundary of the null, each read 2,000 times: at most alpha (+3 standard errors) reject.
        assertThat(rejected / (double) RUNS).isLessThanOrEqualTo(ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / RUNS));
    }

    @Test
    void positiveControlAFixedSampleTestReadAfterEveryObservationRejectsTheSameNullFarTooOften() {
        SplittableRandom random = new SplittableRandom(7);
        int rejected = 0;
        for (int run = 0; run < RUNS; run++) {
            int ones = 0;
            for (int i = 1; i <= LOOKS; i++) {
                ones += random.nextDouble() < 0.3 ? 1 : 0;
                double z = (ones / (double) i - 0.3) / Math.sqrt(0.3 * 0.7 / i);
                if (i >= 10 && z > 1.645) {
                    rejected++;
                    break;
                }
            }
        }
        // What the betting test protects against: a one-sided z-test at 5 % looked at continuously.
        assertThat(rejected / (double) RUNS).isGreaterThan(0.25);
    }

    @Test
    void findsAMeanAboveTheNullAndAMeanBelowIt() {
        SplittableRandom random = new SplittableRandom(11);
        BettingTest above = BettingTest.meanAbove(0.5);
        BettingTest below = BettingTest.meanBelow(0.85);
        for (int i = 0; i < 200; i++) {
            above.observe(random.nextDouble() < 0.8 ? 1 : 0);
            below.observe(random.nextDouble() < 0.5 ? 1 : 0);
        }
        assertThat(above.rejects(0.001)).isTrue();
        assertThat(below.rejects(0.001)).isTrue();
        assertThat(above.pValue()).isLessThan(0.001);
    }

    @Test
    void startsWithoutEvidenceAndRefusesObservationsOutsideTheUnitInterval() {
        BettingTest test = BettingTest.meanAbove(0.5);
        assertThat(test.eValue()).isEqualTo(1.0);
        assertThat(test.pValue()).isEqualTo(1.0);
        assertThatThrownBy(() -> test.observe(1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> BettingTest.meanAbove(0)).hasMessageContaining("(0, 1)");
    }
}
