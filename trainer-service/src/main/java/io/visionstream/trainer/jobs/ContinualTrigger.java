package io.visionstream.trainer.jobs;

import io.visionstream.common.events.ModelRef;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.events.TrainingTrigger;

import java.time.Instant;

/**
 * One start of a continual training job, as {@code GET /api/training/continual/triggers} lists it: when, which version
 * it fine-tunes, why, who asked, on which Kafka data set, and the job it queued.
 */
public record ContinualTrigger(Instant at, ModelRef base, TrainingTrigger.Reason reason, String requestedBy, ModelManifest.KafkaDataset dataset, String jobId) {
}
