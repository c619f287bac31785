package io.visionstream.inference.gate;

/**
 * An always-valid one-sided test about the mean of observations in [0, 1], by betting (Waudby-Smith and Ramdas,
 * "Estimating means of bounded random variables by betting", JRSS-B 2023; Shafer and Vovk, "Game-Theoretic
 * Foundations for Probability and Finance", 2019). To test that the mean is at most {@code m}, a gambler stakes a
 * fraction of his wealth on each observation x exceeding m: wealth W_n = prod_i (1 + lambda (x_i - m)). While the
 * mean is at most m, W is a non-negative supermartingale, so by Ville's inequality P(sup_n W_n >= 1/alpha) <= alpha:
 * the test may be read after every observation, for as long as the canary runs, and still wrongly rejects with
 * probability at most alpha. 1/W is an always-valid p-value.
 * <p>
 * No single bet size suits every effect size, so wealth is averaged over a fixed grid of bets (an average of
 * martingales is a martingale): a large effect is found in a few observations, a small one in more, and the grid
 * costs at most a factor of its size in evidence. Observations need not be identically distributed; each must have
 * conditional mean at most m given the past under the null hypothesis.
 */
public final class BettingTest {

    /** Bets as fractions of the largest stake that cannot lose everything on one observation. */
    private static final double[] STAKES = {0.05, 0.15, 0.35, 0.6, 0.9};

    private final double nullMean;
    private final boolean below;
    private final double[] bets = new double[STAKES.length];
    private final double[] logWealth = new double[STAKES.length];
    private long samples;

    private BettingTest(double nullMean, boolean below) {
        if (!(nullMean > 0 && nullMean < 1)) {
            throw new IllegalArgumentException("the null mean must be within (0, 1), was " + nullMean);
        }
        this.below = below;
        this.nullMean = below ? 1 - nullMean : nullMean;
        for (int i = 0; i < STAKES.length; i++) {
            bets[i] = STAKES[i] / this.nullMean;
        }
    }

    /** Tests H0: mean <= {@code m}; rejecting it is evidence that the mean exceeds m. */
    public static BettingTest meanAbove(double m) {
        return new BettingTest(m, false);
    }

    /** Tests H0: mean >= {@code m}; rejecting it is evidence that the mean is below m. */
    public static BettingTest meanBelow(double m) {
        return new BettingTest(m, true);
    }

    /** Adds one observation, which must lie in [0, 1]. */
    public void observe(double x) {
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("an observation must lie in [0, 1], was " + x);
        }
        double outcome = (below ? 1 - x : x) - nullMean;
        for (int i = 0; i < bets.length; i++) {
            logWealth[i] += Math.log1p(bets[i] * outcome);
        }
        samples++;
    }

    /** The evidence against H0: the average wealth over the bets, starting at 1. */
    public double eValue() {
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logWealth) {
            max = Math.max(max, w);
        }
        double sum = 0;
        for (double w : logWealth) {
            sum += Math.exp(w - max);
        }
        return Math.exp(max) * sum / logWealth.length;
    }

    /** The always-valid p-value, min(1, 1/e). */
    public double pValue() {
        return Math.min(1, 1 / eValue());
    }

    /** Whether H0 is rejected at level {@code alpha}. */
    public boolean rejects(double alpha) {
        return eValue() >= 1 / alpha;
    }

    public long samples() {
        return samples;
    }
}
