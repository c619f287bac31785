package io.visionstream.trainer.train;

import io.visionstream.common.events.ModelRef;
import io.visionstream.common.manifest.ModelManifest;

import java.util.Map;

/**
 * What a continual job measured, in its summary: the base version and the trigger, the Kafka data set and how it
 * split, what was left out and why, and top-1 accuracy before (the base's weights) and after fine-tuning, on the
 * held-out slice of the stream and on the base's original test set - a drop there is forgetting.
 */
public record ContinualOutcome(ModelRef base, String trigger, ModelManifest.KafkaDataset dataset, int trainImages, int validationImages,
                               Map<ContinualSkip, Integer> skipped, double streamValidationTop1Before, double streamValidationTop1After,
                               String testDataset, double testTop1Before, double testTop1After) {

    public ContinualOutcome {
        skipped = Map.copyOf(skipped);
    }
}
