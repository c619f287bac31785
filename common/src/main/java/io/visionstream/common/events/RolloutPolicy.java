package io.visionstream.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.util.Set;

/**
 * How the canary gate judges one model's canaries. Service configuration gives every field a default; an operator
 * overrides some per model (kept in the model's {@link RolloutState}, so every replica judges alike), and
 * {@link #over(RolloutPolicy)} lays such an override over the defaults. Every field is optional in an override.
 *
 * @param criteria       what is compared (default: all)
 * @param alpha          chance, over a whole canary, that a canary as good as stable is rolled back (split over the criteria)
 * @param promoteAlpha   chance that a canary worse than a margin is judged "not worse" (split over the criteria)
 * @param minSamples     observations each criterion needs before it may say "not worse"
 * @param maxDuration    a canary without a verdict after this long is rolled back as inconclusive
 * @param onHealthy      what a "not worse" verdict does: promote the canary, or hold it for an operator
 * @param maxLatencyRatio canary/stable scoring time of the same batch worth acting on (e.g. 2 = twice as slow)
 * @param maxErrorExcess canary error proportion above stable's worth acting on (absolute, e.g. 0.01)
 * @param minAgreement   top-1 agreement with stable on the same images below which a canary is worse
 * @param sampleRate     share of the model's images also scored by both versions side by side (latency, agreement)
 * @param maxAccuracyDrop stable's top-1 accuracy on labelled images minus the canary's worth acting on (absolute)
 */
public record RolloutPolicy(Set<GateCriterion> criteria, Double alpha, Double promoteAlpha, Integer minSamples, Duration maxDuration,
                            OnHealthy onHealthy, Double maxLatencyRatio, Double maxErrorExcess, Double minAgreement, Double sampleRate,
                            Double maxAccuracyDrop) {

    public RolloutPolicy {
        criteria = criteria == null ? null : Set.copyOf(criteria);
        if (criteria != null && criteria.isEmpty()) {
            throw new IllegalArgumentException("criteria must name at least one of errors, latency, agreement, accuracy");
        }
        requireWithin("alpha", alpha, 0, 0.5);
        requireWithin("promoteAlpha", promoteAlpha, 0, 0.5);
        if (minSamples != null && minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be >= 1, was " + minSamples);
        }
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("maxDuration must be positive, was " + maxDuration);
        }
        if (maxLatencyRatio != null && !(maxLatencyRatio > 1)) {
            throw new IllegalArgumentException("maxLatencyRatio must be > 1 (a canary/stable time ratio), was " + maxLatencyRatio);
        }
        requireWithin("maxErrorExcess", maxErrorExcess, 0, 1);
        requireWithin("minAgreement", minAgreement, 0, 1);
        requireWithin("maxAccuracyDrop", maxAccuracyDrop, 0, 1);
        if (sampleRate != null && !(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sampleRate must be within [0, 1], was " + sampleRate);
        }
    }

    /** An override that sets nothing. */
    public static RolloutPolicy none() {
        return new RolloutPolicy(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This override laid over {@code base}: each field set here wins, the others come from {@code base}. */
    public RolloutPolicy over(RolloutPolicy base) {
        return new RolloutPolicy(pick(criteria, base.criteria), pick(alpha, base.alpha), pick(promoteAlpha, base.promoteAlpha),
                pick(minSamples, base.minSamples), pick(maxDuration, base.maxDuration), pick(onHealthy, base.onHealthy),
                pick(maxLatencyRatio, base.maxLatencyRatio), pick(maxErrorExcess, base.maxErrorExcess), pick(minAgreement, base.minAgreement),
                pick(sampleRate, base.sampleRate), pick(maxAccuracyDrop, base.maxAccuracyDrop));
    }

    /** Whether the two policies test the same hypotheses (same margins), so evidence gathered under one holds under the other. */
    public boolean sameHypotheses(RolloutPolicy other) {
        return java.util.Objects.equals(maxLatencyRatio, other.maxLatencyRatio) && java.util.Objects.equals(maxErrorExcess, other.maxErrorExcess)
                && java.util.Objects.equals(minAgreement, other.minAgreement) && java.util.Objects.equals(maxAccuracyDrop, other.maxAccuracyDrop);
    }

    /** What a "not worse" verdict does. */
    public enum OnHealthy {
        PROMOTE, HOLD;

        @JsonValue
        public String wireName() {
            return WireNames.of(this);
        }

        @JsonCreator
        public static OnHealthy parse(String name) {
            return WireNames.parse(OnHealthy.class, name, "onHealthy value");
        }
    }

    private static <T> T pick(T override, T base) {
        return override != null ? override : base;
    }

    private static void requireWithin(String field, Double value, double exclusiveLow, double exclusiveHigh) {
        if (value != null && !(value > exclusiveLow && value < exclusiveHigh)) {
            throw new IllegalArgumentException(field + " must be within (" + exclusiveLow + ", " + exclusiveHigh + "), was " + value);
        }
    }
}
