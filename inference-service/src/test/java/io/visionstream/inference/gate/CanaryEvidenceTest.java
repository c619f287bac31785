package io.visionstream.inference.gate;

import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.RolloutPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Verdicts per criterion, each with the control that shows what the test would catch. */
class CanaryEvidenceTest {

    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
    private static final RolloutPolicy POLICY = GateDefaults.policy();

    @Test
    void aCanaryThreeTimesSlowerOnTheSameBatchesIsWorseOnLatencyAndAnEqualOneIsNot() {
        SplittableRandom random = new SplittableRandom(3);
        CanaryEvidence slow = new CanaryEvidence(POLICY, START);
        CanaryEvidence equal = new CanaryEvidence(POLICY, START);
        for (int i = 0; i < 400; i++) {
            double machine = random.nextDouble() < 0.1 ? 8 : 1; // a burst slows both runs of a pair
            equal.timedBatch(i % 2 == 0, machine * noisy(random), machine * noisy(random));
            slow.timedBatch(i % 2 == 0, 3 * machine * noisy(random), machine * noisy(random));
        }
        Optional<GateDecision> verdict = slow.verdict(POLICY, START);
        assertThat(verdict).get().extracting(GateDecision::verdict, GateDecision::criterion)
                .containsExactly(GateDecision.Verdict.WORSE, GateCriterion.LATENCY);
        assertThat(verdict.get().summary()).contains("canary worse on latency").contains("vs margin 2.000");
        assertThat(equal.verdict(POLICY, START)).isEmpty(); // no errors nor agreement observed yet: no verdict either way
        assertThat(equal.evidence(POLICY)).filteredOn(e -> e.criterion() == GateCriterion.LATENCY)
                .singleElement().satisfies(e -> assertThat(e.notWorsePValue()).isLessThan(0.001));
    }

    @Test
    void aCanaryFiveAccuracyPointsWorseOnLabelledImagesIsWorseAndAnEqualOneIsNot() {
        RolloutPolicy accuracyOnly = new RolloutPolicy(Set.of(GateCriterion.ACCURACY), null, null, null, null, null, null, null, null, null, null)
                .over(POLICY);
        SplittableRandom random = new SplittableRandom(11);
        CanaryEvidence worse = new CanaryEvidence(accuracyOnly, START);
        CanaryEvidence equal = new CanaryEvidence(accuracyOnly, START);
        Optional<GateDecision> worseVerdict = Optional.empty();
        Optional<GateDecision> equalVerdict = Optional.empty();
        for (int i = 0; i < 20_000 && (worseVerdict.isEmpty() || equalVerdict.isEmpty()); i++) {
            boolean hard = random.nextDouble() < 0.3; // a hard stretch of the stream is hard for both versions
            double stableAccuracy = hard ? 0.70 : 0.95;
            worse.stableLabelled(random.nextDouble() < stableAccuracy);
            worse.canaryLabelled(random.nextDouble() < stableAccuracy - 0.10);
            equal.stableLabelled(random.nextDouble() < stableAccuracy);
            equal.canaryLabelled(random.nextDouble() < stableAccuracy);
            worseVerdict = worseVerdict.or(() -> worse.verdict(accuracyOnly, START));
            equalVerdict = equalVerdict.or(() -> equal.verdict(accuracyOnly, START));
        }
        assertThat(worseVerdict).get().extracting(GateDecision::verdict, GateDecision::criterion)
                .containsExactly(GateDecision.Verdict.WORSE, GateCriterion.ACCURACY);
        assertThat(worseVerdict.get().summary()).contains("canary worse on accuracy").contains("vs margin 0.020");
        assertThat(equalVerdict).get().extracting(GateDecision::verdict).isEqualTo(GateDecision.Verdict.NOT_WORSE);
    }

    @Test
    void aHealthyCanaryIsNotWorseOnceEveryCriterionHasItsMinimumSamples() {
        CanaryEvidence healthy = new CanaryEvidence(POLICY, START);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 600; i++) {
            healthy.canaryScored(false);
            healthy.stableScored(false);
            healthy.agreement(random.nextDouble() < 0.97);
            if (i < 99) {
                healthy.timedBatch(i % 2 == 0, noisy(random), noisy(random));
            }
        }
        assertThat(healthy.verdict(POLICY, START)).as("latency has 49 of 50 pairs (two batches make one)").isEmpty();
        healthy.timedBatch(false, 1, 1);
        GateDecision decision = healthy.verdict(POLICY, START).orElseThrow();
        assertThat(decision.verdict()).isEqualTo(GateDecision.Verdict.NOT_WORSE);
        assertThat(decision.evidence()).as("accuracy is not among the defaults: it needs labels").extracting(e -> e.criterion())
                .containsExactlyInAnyOrder(GateCriterion.ERRORS, GateCriterion.LATENCY, GateCriterion.AGREEMENT);
    }

    @Test
    void whatRunningFirstCostsCancelsBetweenBatchesRunInOppositeOrders() {
        CanaryEvidence alternating = new CanaryEvidence(POLICY, START);
        CanaryEvidence canaryAlwaysFirst = new CanaryEvidence(POLICY, START);
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 400; i++) {
            boolean canaryFirst = i % 2 == 0;
            // whichever runs first takes 3x as long (a sleeping thread pool wakes up)
            alternating.timedBatch(canaryFirst, (canaryFirst ? 3 : 1) * noisy(random), (canaryFirst ? 1 : 3) * noisy(random));
            canaryAlwaysFirst.timedBatch(true, 3 * noisy(random), noisy(random));
            canaryAlwaysFirst.timedBatch(true, 3 * noisy(random), noisy(random));
        }
        assertThat(latency(alternating).notWorsePValue()).isLessThan(0.001);
        assertThat(latency(alternating).worsePValue()).isEqualTo(1.0);
        assertThat(latency(canaryAlwaysFirst).pairs()).as("positive control: one order only never makes an observation").isZero();
    }

    @Test
    void failingScoringsAreWorseOnErrorsButFailuresHittingBothVersionsAtOnceAreNot() {
        CanaryEvidence failing = new CanaryEvidence(POLICY, START);
        CanaryEvidence bothFail = new CanaryEvidence(POLICY, START);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 2_000; i++) {
            boolean outage = random.nextDouble() < 0.2; // the whole machine fails 20 % of scorings
            bothFail.stableScored(outage);
            bothFail.canaryScored(outage);
            failing.stableScored(false);
            failing.canaryScored(random.nextDouble() < 0.15);
        }
        assertThat(failing.verdict(POLICY, START)).get().extracting(GateDecision::criterion).isEqualTo(GateCriterion.ERRORS);
        assertThat(bothFail.verdict(POLICY, START)).isEmpty();
    }

    @Test
    void anUntrainedCanaryIsWorseOnAgreementUnlessThePolicyLeavesAgreementOut() {
        RolloutPolicy withoutAgreement = new RolloutPolicy(Set.of(GateCriterion.ERRORS, GateCriterion.LATENCY), null, null, null, null, null,
                null, null, null, null, null).over(POLICY);
        CanaryEvidence untrained = new CanaryEvidence(POLICY, START);
        for (int i = 0; i < 30; i++) {
            untrained.agreement(i % 6 == 0);
        }
        assertThat(untrained.verdict(POLICY, START)).get().extracting(GateDecision::verdict, GateDecision::criterion)
                .containsExactly(GateDecision.Verdict.WORSE, GateCriterion.AGREEMENT);
        assertThat(untrained.verdict(withoutAgreement, START)).isEmpty();
    }

    @Test
    void noVerdictWithinTheMaximumDurationIsInconclusiveAndDifferentMarginsNeedNewEvidence() {
        CanaryEvidence quiet = new CanaryEvidence(POLICY, START);
        assertThat(quiet.verdict(POLICY, START.plus(Duration.ofMinutes(59)))).isEmpty();
        assertThat(quiet.verdict(POLICY, START.plus(Duration.ofHours(1)))).get().extracting(GateDecision::verdict)
                .isEqualTo(GateDecision.Verdict.INCONCLUSIVE);
        RolloutPolicy laxer = new RolloutPolicy(null, null, null, null, null, RolloutPolicy.OnHealthy.HOLD, 3.0, null, null, null, null).over(POLICY);
        assertThat(quiet.answers(laxer)).isFalse();
        assertThat(quiet.answers(new RolloutPolicy(null, 0.001, null, 10, null, RolloutPolicy.OnHealthy.HOLD, null, null, null, null, null).over(POLICY))).isTrue();
    }

    private static io.visionstream.common.events.GateEvidence latency(CanaryEvidence evidence) {
        return evidence.evidence(POLICY).stream().filter(e -> e.criterion() == GateCriterion.LATENCY).findFirst().orElseThrow();
    }

    /** A scoring time around 1 with multiplicative noise (log-normal, sigma 0.3). */
    private static double noisy(SplittableRandom random) {
        return Math.exp(0.3 * gaussian(random));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
