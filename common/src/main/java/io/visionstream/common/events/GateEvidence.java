package io.visionstream.common.events;

/**
 * The evidence one gate criterion holds about a canary, as published with a decision and shown by the analysis API.
 * {@code estimate} is the observed {@code statistic} (e.g. the median of canary/stable time ratios) and
 * {@code threshold} the effect worth acting on (no estimate before the first sample); {@code pairs} counts the paired
 * canary/stable observations; {@code worsePValue} and {@code notWorsePValue} are always-valid
 * p-values (1 / e-value of a test by betting), so they may be read at any moment of the canary without inflating
 * the false-alarm rate. A criterion decides "worse" when {@code worsePValue <= alpha}.
 */
public record GateEvidence(GateCriterion criterion, String statistic, Double estimate, double threshold, long pairs,
                           double worsePValue, double notWorsePValue, double alpha) {
}
