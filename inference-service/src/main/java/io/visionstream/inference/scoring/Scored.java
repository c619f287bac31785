package io.visionstream.inference.scoring;

import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Route;
import io.visionstream.common.manifest.ModelManifest;

/**
 * The model's answer for one image: its probabilities and, when the model names a logits output, its logits
 * ({@code null} otherwise, so that only such models carry a second array), which version produced them in which rollout role, the size
 * of the batch it ran in, how long it waited for that batch and how long the batch took.
 */
public record Scored(ModelManifest manifest, Route route, float[] probabilities, float[] logits, int batchSize, double queueMs, double scoreMs) {

    public ModelRef model() {
        return manifest.ref();
    }

    /** The same answer, attributed to a rollout role. */
    public Scored on(Route role) {
        return new Scored(manifest, role, probabilities, logits, batchSize, queueMs, scoreMs);
    }

    /** Index of the most probable class. */
    public int top1() {
        return top1(probabilities);
    }

    /** Index of the largest of {@code probabilities}. */
    public static int top1(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
