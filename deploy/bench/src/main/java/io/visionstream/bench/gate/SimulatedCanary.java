package io.visionstream.bench.gate;

import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.inference.gate.CanaryEvidence;

import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Drives the real decision engine ({@link CanaryEvidence}) with one synthetic canary's stream, image by image, as the
 * service would feed it: images are routed to the canary at its weight and scored in batches (each batch a success
 * or failure), a share of them is sampled into side-by-side batches that give a timed pair and one agreement per
 * image. Timing noise: log-normal jitter on every run; the first run of a pair takes 3x as long (a thread pool
 * waking up, cold caches; the order alternates); machine bursts (3-10x slower, Markov, mostly covering both runs of a pair,
 * sometimes only one); GC pauses hitting one run (+20x). Error spikes fail both versions' scorings
 * for a while. Labels, when the case has them, arrive for a share of the answers; hard stretches of the stream (Markov,
 * hundreds of images) lower both versions' accuracy alike.
 */
final class SimulatedCanary {

    private static final double BURST_START = 0.02;
    private static final double BURST_STAYS = 0.8;
    private static final double BURST_ONE_SIDED = 0.2;
    private static final double GC_PAUSE = 0.01;
    private static final double SPIKE_START = 0.0005;
    private static final double SPIKE_STAYS = 0.98;
    private static final double SPIKE_FAILURE = 0.5;
    private static final int VERDICT_EVERY = 50;
    private static final double FIRST_RUN = 3.0;
    private static final double HARD_START = 0.001;
    private static final double HARD_STAYS = 0.995;
    private static final double HARD_COST = 0.25;

    /** How one simulated canary ended: its verdict (absent at the image cap) after how many of the model's images. */
    record Outcome(Optional<GateDecision> decision, long images, long canaryScorings) {
    }

    private final CanaryCase kind;
    private final RolloutPolicy policy;
    private final double canaryWeight;
    private final SplittableRandom random;
    private long probes;
    private boolean burst;
    private boolean spike;
    private boolean hard;

    SimulatedCanary(CanaryCase kind, RolloutPolicy policy, double canaryWeight, long seed) {
        this.kind = kind;
        this.policy = policy;
        this.canaryWeight = canaryWeight;
        this.random = new SplittableRandom(seed);
    }

    Outcome run(long maxImages) {
        CanaryEvidence evidence = new CanaryEvidence(policy, Instant.EPOCH);
        int canaryQueued = 0;
        int stableQueued = 0;
        int sampled = 0;
        long canaryScorings = 0;
        for (long image = 1; image <= maxImages; image++) {
            spike = spike ? random.nextDouble() < SPIKE_STAYS : kind.errorSpikes() && random.nextDouble() < SPIKE_START;
            hard = hard ? random.nextDouble() < HARD_STAYS : random.nextDouble() < HARD_START;
            boolean toCanary = random.nextDouble() < canaryWeight;
            if (random.nextDouble() < kind.labelledShare()) {
                labelled(evidence, toCanary);
            }
            if (toCanary) {
                if (++canaryQueued == kind.servingBatch()) {
                    canaryQueued = 0;
                    canaryScorings++;
                    evidence.canaryScored(fails(kind.canaryErrors()));
                }
            } else if (++stableQueued == kind.servingBatch()) {
                stableQueued = 0;
                evidence.stableScored(fails(kind.stableErrors()));
            }
            if (random.nextDouble() < policy.sampleRate() && ++sampled == kind.probeBatch()) {
                sampled = 0;
                sideBySide(evidence);
            }
            if (image % VERDICT_EVERY == 0) {
                Optional<GateDecision> decision = evidence.verdict(policy, Instant.EPOCH);
                if (decision.isPresent()) {
                    return new Outcome(decision, image, canaryScorings);
                }
            }
        }
        return new Outcome(Optional.empty(), maxImages, canaryScorings);
    }

    private void labelled(CanaryEvidence evidence, boolean canary) {
        double cost = hard ? HARD_COST : 0;
        if (canary) {
            evidence.canaryLabelled(random.nextDouble() < kind.canaryAccuracy() - cost);
        } else {
            evidence.stableLabelled(random.nextDouble() < kind.stableAccuracy() - cost);
        }
    }

    private boolean fails(double rate) {
        return random.nextDouble() < rate || spike && random.nextDouble() < SPIKE_FAILURE;
    }

    private void sideBySide(CanaryEvidence evidence) {
        burst = burst ? random.nextDouble() < BURST_STAYS : random.nextDouble() < BURST_START;
        double burstFactor = burst ? 3 + 7 * random.nextDouble() : 1;
        boolean oneSided = burst && random.nextDouble() < BURST_ONE_SIDED;
        boolean canaryHit = !oneSided || random.nextBoolean();
        double base = 0.2 + 0.05 * kind.probeBatch();
        boolean canaryFirst = ++probes % 2 == 1;
        double canaryMs = kind.latencyRatio() * base * noise() * (canaryHit ? burstFactor : 1) * (canaryFirst ? FIRST_RUN : 1) + pause(base);
        double stableMs = base * noise() * (!oneSided || !canaryHit ? burstFactor : 1) * (canaryFirst ? 1 : FIRST_RUN) + pause(base);
        evidence.timedBatch(canaryFirst, canaryMs, stableMs);
        for (int i = 0; i < kind.probeBatch(); i++) {
            evidence.agreement(random.nextDouble() < kind.agreement());
        }
    }

    private double noise() {
        double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        return Math.exp(kind.jitter() * gaussian);
    }

    private double pause(double base) {
        return random.nextDouble() < GC_PAUSE ? 20 * base : 0;
    }
}
