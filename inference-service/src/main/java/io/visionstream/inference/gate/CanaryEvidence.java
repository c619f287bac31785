package io.visionstream.inference.gate;

import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.GateEvidence;
import io.visionstream.common.events.RolloutPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the gate knows about one canary, and the verdict it supports under a policy: <em>worse</em> as soon as
 * any enabled criterion's "worse" test rejects at {@code alpha / criteria} (so the chance of rolling back a canary as
 * good as stable, over the whole canary, is at most {@code alpha}); <em>not worse</em> once every enabled criterion
 * has {@code minSamples} observations and its "not worse" test rejects at {@code promoteAlpha / criteria};
 * <em>inconclusive</em> when neither happened within {@code maxDuration}. The margins are fixed when gathering starts
 * (evidence about one hypothesis says nothing about another); levels, criteria and durations may change on the way.
 * Feeding and reading are thread-safe.
 */
public final class CanaryEvidence {

    private final RolloutPolicy hypotheses;
    private final Instant startedAt;
    private final PairedFailureEvidence errors;
    private final PairedFailureEvidence accuracy;
    private final LatencyEvidence latency;
    private final AgreementEvidence agreement;
    private final Map<GateCriterion, CriterionEvidence> all = new EnumMap<>(GateCriterion.class);
    private double[] unmatchedTimes;
    private boolean unmatchedCanaryFirst;

    /** Starts gathering with the margins of {@code hypotheses} (a policy with every field set). */
    public CanaryEvidence(RolloutPolicy hypotheses, Instant startedAt) {
        this.hypotheses = hypotheses;
        this.startedAt = startedAt;
        this.errors = PairedFailureEvidence.errors(hypotheses.maxErrorExcess());
        this.accuracy = PairedFailureEvidence.accuracy(hypotheses.maxAccuracyDrop());
        this.latency = new LatencyEvidence(hypotheses.maxLatencyRatio());
        this.agreement = new AgreementEvidence(hypotheses.minAgreement());
        for (CriterionEvidence criterion : List.of(errors, latency, agreement, accuracy)) {
            all.put(criterion.criterion(), criterion);
        }
    }

    /** Whether this evidence answers the hypotheses of {@code policy} (same margins). */
    public boolean answers(RolloutPolicy policy) {
        return hypotheses.sameHypotheses(policy);
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** A canary scoring (one batch) ended, failed or not. */
    public synchronized void canaryScored(boolean failed) {
        errors.canary(failed);
    }

    /** A stable scoring (one batch) ended, failed or not. */
    public synchronized void stableScored(boolean failed) {
        errors.stable(failed);
    }

    /**
     * The same batch took {@code canaryMs} on the canary and {@code stableMs} on stable, run back to back in the
     * order given. Two batches run in opposite orders make one latency observation, each version's time the geometric
     * mean of its two: what running first or second costs (waking a session's thread pool, cold caches) cancels out
     * of the ratio as long as it scales both alike. Without this, on a model of tens of microseconds, the order and
     * not the version decided the ratio and the tests never reached a verdict either way.
     */
    public synchronized void timedBatch(boolean canaryFirst, double canaryMs, double stableMs) {
        if (unmatchedTimes == null || unmatchedCanaryFirst == canaryFirst) {
            unmatchedTimes = new double[] {canaryMs, stableMs};
            unmatchedCanaryFirst = canaryFirst;
            return;
        }
        latency.pair(Math.sqrt(canaryMs * unmatchedTimes[0]), Math.sqrt(stableMs * unmatchedTimes[1]));
        unmatchedTimes = null;
    }

    /** A canary answer's label arrived; whether its top-1 class was right. */
    public synchronized void canaryLabelled(boolean correct) {
        accuracy.canary(!correct);
    }

    /** A stable answer's label arrived; whether its top-1 class was right. */
    public synchronized void stableLabelled(boolean correct) {
        accuracy.stable(!correct);
    }

    /** Both versions scored the same image; whether their top-1 classes agree. */
    public synchronized void agreement(boolean agree) {
        agreement.pair(agree);
    }

    /** The verdict the evidence supports under {@code policy} at {@code now}, if any. */
    public synchronized Optional<GateDecision> verdict(RolloutPolicy policy, Instant now) {
        List<CriterionEvidence> enabled = enabled(policy);
        double worseAlpha = policy.alpha() / enabled.size();
        for (CriterionEvidence criterion : enabled) {
            if (criterion.worse(worseAlpha)) {
                GateEvidence evidence = criterion.summary(worseAlpha);
                return Optional.of(new GateDecision(GateDecision.Verdict.WORSE, criterion.criterion(), "canary worse on " + describe(evidence)
                        + " (always-valid p " + p(evidence.worsePValue()) + " <= " + p(worseAlpha) + ")", evidence(policy)));
            }
        }
        double promoteAlpha = policy.promoteAlpha() / enabled.size();
        if (enabled.stream().allMatch(c -> c.notWorse(promoteAlpha, policy.minSamples()))) {
            List<GateEvidence> evidence = evidence(policy);
            return Optional.of(new GateDecision(GateDecision.Verdict.NOT_WORSE, null, "canary not worse on every criterion: "
                    + evidence.stream().map(e -> describe(e) + " (p " + p(e.notWorsePValue()) + " <= " + p(promoteAlpha) + ")")
                    .collect(Collectors.joining("; ")), evidence));
        }
        if (Duration.between(startedAt, now).compareTo(policy.maxDuration()) >= 0) {
            List<GateEvidence> evidence = evidence(policy);
            return Optional.of(new GateDecision(GateDecision.Verdict.INCONCLUSIVE, null, "no verdict within " + policy.maxDuration()
                    + ": " + evidence.stream().map(CanaryEvidence::describe).collect(Collectors.joining("; ")), evidence));
        }
        return Optional.empty();
    }

    /** The evidence of every criterion {@code policy} enables, now. */
    public synchronized List<GateEvidence> evidence(RolloutPolicy policy) {
        List<CriterionEvidence> enabled = enabled(policy);
        List<GateEvidence> summaries = new ArrayList<>();
        enabled.forEach(criterion -> summaries.add(criterion.summary(policy.alpha() / enabled.size())));
        return summaries;
    }

    private List<CriterionEvidence> enabled(RolloutPolicy policy) {
        return all.values().stream().filter(c -> policy.criteria().contains(c.criterion())).toList();
    }

    private static String describe(GateEvidence evidence) {
        String estimate = evidence.estimate() == null ? "none yet" : String.format(Locale.ROOT, "%.3f", evidence.estimate());
        return String.format(Locale.ROOT, "%s: %s %s vs margin %.3f over %d pairs", evidence.criterion().wireName(), evidence.statistic(),
                estimate, evidence.threshold(), evidence.pairs());
    }

    private static String p(double value) {
        return String.format(Locale.ROOT, "%.2g", value);
    }
}
