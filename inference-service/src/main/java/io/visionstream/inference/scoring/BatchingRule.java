package io.visionstream.inference.scoring;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.inference.config.InferenceConfig;

import java.time.Duration;
import java.util.Map;

/**
 * How many images one model run takes and how long an image waits for company, per model: a model's own override
 * first, else as many images as fit {@code max-batch-bytes} of input (at least 1, at most {@code max-batch-size}),
 * so that LeNet batches 32 and a 224 px ResNet 13 without per-model settings.
 */
public record BatchingRule(int maxBatchSize, long maxBatchBytes, Duration maxWait, Map<String, InferenceConfig.Batching.ModelBatching> models) {

    public static BatchingRule from(InferenceConfig.Batching batching) {
        return new BatchingRule(batching.maxBatchSize(), batching.maxBatchBytes().asLongValue(), batching.maxWait(), Map.copyOf(batching.models()));
    }

    /** The batch size for a model that takes any batch size. */
    public int batchSize(ModelManifest manifest) {
        InferenceConfig.Batching.ModelBatching own = models.get(manifest.name());
        if (own != null && own.maxBatchSize().isPresent()) {
            return Math.max(1, own.maxBatchSize().getAsInt());
        }
        long bytesPerImage = (long) manifest.preprocess().floatsPerImage() * Float.BYTES;
        return (int) Math.max(1, Math.min(maxBatchSize, maxBatchBytes / bytesPerImage));
    }

    /** How long an image of {@code model} waits for more to share its run. */
    public Duration maxWait(String model) {
        InferenceConfig.Batching.ModelBatching own = models.get(model);
        return own != null && own.maxWait().isPresent() ? own.maxWait().get() : maxWait;
    }
}
