package io.visionstream.inference.rollout;

import io.visionstream.common.events.ModelRef;
import io.visionstream.inference.config.InferenceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Watches each canary on this replica's traffic over a sliding window of its most recent outcomes and rolls it back
 * (through {@link RolloutController}, so every replica follows and the reason is on {@code model-rollouts}) when,
 * with at least {@code min-samples} outcomes: its scoring failure rate exceeds {@code max-error-rate}, its p99
 * scoring time per image exceeds {@code max-latency-ratio} times stable's (by more than {@code latency-slack}; judged after the
 * canary's first {@code latency-warmup} scorings and over at least {@code latency-min-samples}), or its top-1 agreement
 * with stable on sampled images falls below {@code min-agreement}. Bad input is not a canary failure: it is refused before scoring.
 */
@ApplicationScoped
public class CanaryMonitor {

    private final InferenceConfig.AutoRollback policy;
    private final RolloutController controller;
    private final Map<ModelRef, Window> canaries = new ConcurrentHashMap<>();
    private final Map<ModelRef, Window> stables = new ConcurrentHashMap<>();
    private final Set<ModelRef> rolledBack = ConcurrentHashMap.newKeySet();
    private final ExecutorService verdicts = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "canary-verdicts");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public CanaryMonitor(InferenceConfig config, RolloutController controller) {
        this.policy = config.rollout().autoRollback();
        this.controller = controller;
    }

    /** Whether a canary-routed image should also be scored by stable to measure agreement. */
    public boolean sampleAgreement() {
        return policy.enabled() && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < policy.agreementSampleRate();
    }

    /** A canary scoring ended: failed or not, and its batch's time per image. */
    public void canaryOutcome(ModelRef canary, boolean failed, double scoreMs) {
        if (!policy.enabled()) {
            return;
        }
        Window window = canaries.computeIfAbsent(canary, ref -> new Window(policy.window(), policy.latencyWarmup()));
        window.add(failed, scoreMs);
        judge(canary, window);
    }

    /** A stable scoring's batch time per image, the reference for the canary's. */
    public void stableLatency(ModelRef stable, double scoreMs) {
        if (policy.enabled()) {
            stables.computeIfAbsent(stable, ref -> new Window(policy.window(), 0)).add(false, scoreMs);
        }
    }

    /** Whether the canary and stable chose the same top-1 class for a sampled image. */
    public void agreement(ModelRef canary, ModelRef stable, boolean agree) {
        if (!policy.enabled()) {
            return;
        }
        Window window = canaries.computeIfAbsent(canary, ref -> new Window(policy.window(), policy.latencyWarmup()));
        window.addAgreement(agree);
        judge(canary, window);
    }

    private void judge(ModelRef canary, Window window) {
        if (rolledBack.contains(canary)) {
            return;
        }
        String verdict = window.verdict(policy, stableP99(canary.name()));
        if (verdict != null && rolledBack.add(canary)) {
            verdicts.submit(() -> controller.autoRollback(canary.name(), canary.version(), verdict));
        }
    }

    private double stableP99(String model) {
        return stables.entrySet().stream().filter(e -> e.getKey().name().equals(model))
                .mapToDouble(e -> e.getValue().p99()).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    @PreDestroy
    void stop() {
        verdicts.shutdownNow();
    }

    /** The most recent outcomes of one version; latencies of its first {@code latencyWarmup} scorings are not kept. */
    static final class Window {
        private final int capacity;
        private final int latencyWarmup;
        private final Deque<double[]> outcomes = new ArrayDeque<>();
        private final Deque<Boolean> agreements = new ArrayDeque<>();
        private long scorings;

        Window(int capacity, int latencyWarmup) {
            this.capacity = capacity;
            this.latencyWarmup = latencyWarmup;
        }

        synchronized void add(boolean failed, double scoreMs) {
            boolean warmingUp = ++scorings <= latencyWarmup;
            outcomes.addLast(new double[] {failed ? 1 : 0, failed || warmingUp ? Double.NaN : scoreMs});
            if (outcomes.size() > capacity) {
                outcomes.removeFirst();
            }
        }

        synchronized void addAgreement(boolean agree) {
            agreements.addLast(agree);
            if (agreements.size() > capacity) {
                agreements.removeFirst();
            }
        }

        synchronized double p99() {
            return p99(timed());
        }

        private static double p99(double[] sortedLatencies) {
            return sortedLatencies.length == 0 ? Double.NaN : sortedLatencies[(int) Math.ceil(0.99 * sortedLatencies.length) - 1];
        }

        private double[] timed() {
            return outcomes.stream().mapToDouble(o -> o[1]).filter(ms -> !Double.isNaN(ms)).sorted().toArray();
        }

        /** Why the canary must go, or null. */
        synchronized String verdict(InferenceConfig.AutoRollback policy, double stableP99) {
            if (outcomes.size() >= policy.minSamples()) {
                double failures = outcomes.stream().mapToDouble(o -> o[0]).sum();
                double errorRate = failures / outcomes.size();
                if (errorRate > policy.maxErrorRate()) {
                    return String.format("error rate %.3f > %.3f over the last %d canary scorings", errorRate, policy.maxErrorRate(), outcomes.size());
                }
                double[] timed = timed();
                double canaryP99 = timed.length >= policy.latencyMinSamples() ? p99(timed) : Double.NaN;
                double slackMs = policy.latencySlack().toNanos() / 1e6;
                if (!Double.isNaN(canaryP99) && !Double.isNaN(stableP99) && stableP99 > 0
                        && canaryP99 / stableP99 > policy.maxLatencyRatio() && canaryP99 - stableP99 > slackMs) {
                    return String.format("p99 scoring time per image %.2f ms is %.1fx stable's %.2f ms (limit %.1fx, slack %.0f ms)", canaryP99,
                            canaryP99 / stableP99, stableP99, policy.maxLatencyRatio(), slackMs);
                }
            }
            if (agreements.size() >= policy.minSamples()) {
                double rate = agreements.stream().filter(Boolean::booleanValue).count() / (double) agreements.size();
                if (rate < policy.minAgreement()) {
                    return String.format("top-1 agreement with stable %.3f < %.3f over %d sampled images", rate, policy.minAgreement(), agreements.size());
                }
            }
            return null;
        }
    }
}
