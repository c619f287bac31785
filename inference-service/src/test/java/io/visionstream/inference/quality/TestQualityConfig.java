package io.visionstream.inference.quality;

import io.visionstream.common.kafka.Topics;
import io.visionstream.inference.config.InferenceConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The join's settings for tests: a window and a late retention, everything else the service defaults. */
record TestQualityConfig(String applicationId, Duration window, Duration lateRetention, Optional<Path> stateDir) implements InferenceConfig.Quality {

    static TestQualityConfig of(Duration window, Duration lateRetention) {
        return new TestQualityConfig("quality-test", window, lateRetention, Optional.empty());
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
    public int calibrationBins() {
        return 10;
    }

    @Override
    public double confidenceLevel() {
        return 0.95;
    }

    @Override
    public String labelsTopic() {
        return Topics.LABELS;
    }

    @Override
    public List<String> predictionTopics() {
        return List.of(Topics.PREDICTIONS, Topics.PREDICTIONS_SHADOW);
    }

    @Override
    public String labelledTopic() {
        return Topics.PREDICTIONS_LABELLED;
    }

    @Override
    public String qualityTopic() {
        return Topics.PREDICTIONS_QUALITY;
    }
}
