package io.visionstream.inference.gate;

import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.GateEvidence;

/**
 * One gate criterion's evidence about one canary: a test that the canary is worse than stable by more than the
 * criterion's margin and a test that it is not, both over the same paired observations mapped into [0, 1]. Either
 * test may be read at any moment (see {@link BettingTest}). Not thread-safe: {@link CanaryEvidence} serialises access.
 */
abstract sealed class CriterionEvidence permits PairedFailureEvidence, LatencyEvidence, AgreementEvidence {

    private final BettingTest worse;
    private final BettingTest notWorse;

    /** Tests whose observations have mean above {@code boundary} when the canary is worse. */
    CriterionEvidence(double boundary, boolean worseIsHigh) {
        this.worse = worseIsHigh ? BettingTest.meanAbove(boundary) : BettingTest.meanBelow(boundary);
        this.notWorse = worseIsHigh ? BettingTest.meanBelow(boundary) : BettingTest.meanAbove(boundary);
    }

    abstract GateCriterion criterion();

    /** What {@link #estimate()} measures, in words. */
    abstract String statistic();

    /** The observed statistic, or null before the first observation. */
    abstract Double estimate();

    /** The margin the statistic is judged against. */
    abstract double threshold();

    final void observe(double x) {
        worse.observe(x);
        notWorse.observe(x);
    }

    final long samples() {
        return worse.samples();
    }

    final boolean worse(double alpha) {
        return worse.rejects(alpha);
    }

    final boolean notWorse(double alpha, int minSamples) {
        return samples() >= minSamples && notWorse.rejects(alpha);
    }

    final GateEvidence summary(double alpha) {
        return new GateEvidence(criterion(), statistic(), estimate(), threshold(), samples(), worse.pValue(), notWorse.pValue(), alpha);
    }
}
