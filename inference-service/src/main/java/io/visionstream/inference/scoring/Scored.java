package io.visionstream.inference.scoring;

import io.visionstream.common.events.ModelRef;
import io.visionstream.common.manifest.ModelManifest;

/**
 * The model's answer for one image: its probabilities, which version produced them, the size of the batch it ran
 * in, how long it waited for that batch and how long the batch took.
 */
public record Scored(ModelManifest manifest, float[] probabilities, int batchSize, double queueMs, double scoreMs) {

    public ModelRef model() {
        return manifest.ref();
    }
}
