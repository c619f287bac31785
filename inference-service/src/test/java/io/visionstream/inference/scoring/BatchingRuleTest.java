package io.visionstream.inference.scoring;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.config.InferenceConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class BatchingRuleTest {

    private static final long EIGHT_MIB = 8L << 20;

    @Test
    void theBatchHoldsAsManyImagesAsFitTheByteBoundWithinTheCap() {
        BatchingRule rule = new BatchingRule(32, EIGHT_MIB, Duration.ZERO, Map.of());
        int floats = manifest("tiny").preprocess().floatsPerImage();
        assertThat(rule.batchSize(manifest("tiny"))).as("%d floats per image: capped", floats).isEqualTo(32);
        BatchingRule tight = new BatchingRule(32, 3L * floats * Float.BYTES + 1, Duration.ZERO, Map.of());
        assertThat(tight.batchSize(manifest("tiny"))).isEqualTo(3);
        BatchingRule tooTight = new BatchingRule(32, 1, Duration.ZERO, Map.of());
        assertThat(tooTight.batchSize(manifest("tiny"))).as("never below one image").isEqualTo(1);
    }

    @Test
    void aModelsOwnSettingsWin() {
        InferenceConfig.Batching.ModelBatching own = new InferenceConfig.Batching.ModelBatching() {
            @Override
            public OptionalInt maxBatchSize() {
                return OptionalInt.of(4);
            }

            @Override
            public Optional<Duration> maxWait() {
                return Optional.of(Duration.ofMillis(20));
            }
        };
        BatchingRule rule = new BatchingRule(32, EIGHT_MIB, Duration.ZERO, Map.of("special", own));
        assertThat(rule.batchSize(manifest("special"))).isEqualTo(4);
        assertThat(rule.maxWait("special")).isEqualTo(Duration.ofMillis(20));
        assertThat(rule.batchSize(manifest("other"))).isEqualTo(32);
        assertThat(rule.maxWait("other")).isZero();
    }

    private static ModelManifest manifest(String name) {
        return TinyClassifiers.manifest(name, ColourMode.GREY, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
    }
}
