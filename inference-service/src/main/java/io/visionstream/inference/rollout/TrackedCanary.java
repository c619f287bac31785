package io.visionstream.inference.rollout;

import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.inference.gate.CanaryEvidence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One canary the gate is judging on this replica: which canary against which stable, under which (resolved)
 * policy, its evidence, the images sampled for the next side-by-side batch, and whether a decision was published.
 */
final class TrackedCanary {

    final String model;
    final ModelRef canary;
    final ModelRef stable;
    final CanaryEvidence evidence;
    private final AtomicLong probes = new AtomicLong();
    private final List<SideBySide> sampled = new ArrayList<>();
    private volatile RolloutPolicy policy;
    private volatile GateDecision holding;
    private volatile boolean decided;

    TrackedCanary(String model, ModelRef canary, ModelRef stable, RolloutPolicy policy, CanaryEvidence evidence) {
        this.model = model;
        this.canary = canary;
        this.stable = stable;
        this.policy = policy;
        this.evidence = evidence;
    }

    boolean judges(ModelRef canaryRef, ModelRef stableRef, RolloutPolicy current) {
        return canary.equals(canaryRef) && stable.equals(stableRef) && evidence.answers(current);
    }

    RolloutPolicy policy() {
        return policy;
    }

    void policy(RolloutPolicy current) {
        policy = current;
    }

    /** A "not worse" verdict the policy holds for an operator instead of promoting, or null. */
    GateDecision holding() {
        return holding;
    }

    void holding(GateDecision verdict) {
        holding = verdict;
    }

    boolean decided() {
        return decided;
    }

    void decided(boolean published) {
        decided = published;
    }

    /**
     * One sampled image, preprocessed for each version (so what waits for a batch is two model inputs, not a decoded
     * camera frame).
     */
    record SideBySide(float[] canaryInput, float[] stableInput) {
    }

    /** Adds a sampled image; returns a full side-by-side batch of {@code size} images once there is one, else null. */
    synchronized List<SideBySide> sample(SideBySide image, int size) {
        sampled.add(image);
        if (sampled.size() < size) {
            return null;
        }
        List<SideBySide> batch = List.copyOf(sampled);
        sampled.clear();
        return batch;
    }

    /** Numbers side-by-side batches from 1. */
    long nextProbe() {
        return probes.incrementAndGet();
    }
}
