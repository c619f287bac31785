package io.visionstream.inference.quality;

import io.visionstream.common.kafka.Topics;
import io.visionstream.inference.config.InferenceConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The join's settings for tests: a window and a late retention (and topics of its own), everything else the service defaults. */
record TestQualityConfig(String applicationId, Duration window, Duration lateRetention, Optional<Path> stateDir, String inputSuffix,
                         String outputSuffix) implements InferenceConfig.Quality {

    static TestQualityConfig of(Duration window, Duration lateRetention) {
        return new TestQualityConfig("quality-test", window, lateRetention, Optional.empty(), "", "");
    }

    /**
     * The same settings for a join of its own, {@code applicationId}, reading the contract topics named with {@code suffix}
     * and writing outputs of its own.
     */
    TestQualityConfig on(String applicationId, String suffix) {
        return new TestQualityConfig(applicationId, window, lateRetention, stateDir, suffix, suffix + "-" + applicationId);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Duration sweepInterval() {
        return Duration.ofMillis(200);
    }

    @Override
    public Duration commitInterval() {
        return Duration.ofMillis(200);
    }

    @Override
    public int standbyReplicas() {
        return 1;
    }

    @Override
    public int calibrationBins() {
        return 10;
    }

    @Override
    public double confidenceLevel() {
        return 0.95;
    }

    @Override
    public String labelsTopic() {
        return Topics.LABELS + inputSuffix;
    }

    @Override
    public List<String> predictionTopics() {
        return List.of(Topics.PREDICTIONS + inputSuffix, Topics.PREDICTIONS_SHADOW + inputSuffix);
    }

    @Override
    public String labelledTopic() {
        return Topics.PREDICTIONS_LABELLED + outputSuffix;
    }

    @Override
    public String qualityTopic() {
        return Topics.PREDICTIONS_QUALITY + outputSuffix;
    }
}
