package io.visionstream.inference.rollout;

import io.visionstream.inference.config.InferenceConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The canary verdicts on latency and errors, on a window fed by hand. */
class CanaryWindowTest {

    /** The defaults of InferenceConfig.AutoRollback. */
    private static final InferenceConfig.AutoRollback DEFAULTS = new Policy();
    private static final double STABLE_P99_MS = 0.7;

    @Test
    void aColdStartIsNotALatencyFailure() {
        CanaryMonitor.Window window = new CanaryMonitor.Window(DEFAULTS.window(), DEFAULTS.latencyWarmup());
        for (int i = 0; i < 300; i++) {
            window.add(false, 34.0); // a new session's first batches, as in the demo
        }
        for (int i = 0; i < 100; i++) {
            window.add(false, 0.8);
        }
        // the window (200) still holds 100 cold scorings, but they came within the warm-up
        assertThat(window.verdict(DEFAULTS, STABLE_P99_MS)).isNull();
        CanaryMonitor.Window withoutWarmUp = new CanaryMonitor.Window(DEFAULTS.window(), 0);
        for (int i = 0; i < 400; i++) {
            withoutWarmUp.add(false, i < 300 ? 34.0 : 0.8);
        }
        assertThat(withoutWarmUp.verdict(DEFAULTS, STABLE_P99_MS)).as("the same traffic, judged from the first scoring").startsWith("p99 scoring time per image 34.00 ms");
    }

    @Test
    void oneOutlierAfterWarmUpIsNotTheP99() {
        CanaryMonitor.Window window = new CanaryMonitor.Window(DEFAULTS.window(), DEFAULTS.latencyWarmup());
        for (int i = 0; i < DEFAULTS.latencyWarmup() + 199; i++) {
            window.add(false, 0.8);
        }
        window.add(false, 60.0); // a GC pause
        assertThat(window.verdict(DEFAULTS, STABLE_P99_MS)).isNull();
    }

    @Test
    void aConsistentlySlowCanaryIsRolledBack() {
        CanaryMonitor.Window window = new CanaryMonitor.Window(DEFAULTS.window(), DEFAULTS.latencyWarmup());
        for (int i = 0; i < DEFAULTS.latencyWarmup() + DEFAULTS.latencyMinSamples() - 1; i++) {
            window.add(false, 25.0);
        }
        assertThat(window.verdict(DEFAULTS, STABLE_P99_MS)).as("too few timed scorings to judge latency yet").isNull();
        window.add(false, 25.0);
        assertThat(window.verdict(DEFAULTS, STABLE_P99_MS)).startsWith("p99 scoring time per image 25.00 ms");
    }

    @Test
    void failuresAreJudgedFromTheFirstScoring() {
        CanaryMonitor.Window window = new CanaryMonitor.Window(DEFAULTS.window(), DEFAULTS.latencyWarmup());
        for (int i = 0; i < DEFAULTS.minSamples(); i++) {
            window.add(true, 1.0);
        }
        assertThat(window.verdict(DEFAULTS, STABLE_P99_MS)).startsWith("error rate 1.000 > 0.050");
    }

    private record Policy() implements InferenceConfig.AutoRollback {
        public boolean enabled() { return true; }
        public int window() { return 200; }
        public int minSamples() { return 30; }
        public double maxErrorRate() { return 0.05; }
        public double maxLatencyRatio() { return 3.0; }
        public Duration latencySlack() { return Duration.ofMillis(2); }
        public int latencyWarmup() { return 500; }
        public int latencyMinSamples() { return 100; }
        public double minAgreement() { return 0.5; }
        public double agreementSampleRate() { return 0.1; }
    }
}
