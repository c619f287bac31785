package io.visionstream.inference.kafka;

import io.visionstream.common.events.Prediction;

import java.util.concurrent.CompletableFuture;

/**
 * Where the stream's outcome for one image goes: published at once and acknowledged by the broker (at-least-once,
 * {@link StreamPublisher}), or collected and written with the poll batch's offsets in one Kafka transaction
 * (exactly-once, {@link TransactionalBatchOutput}). The future completes when the outcome is safely on its way.
 */
public interface StreamOutput {

    CompletableFuture<Void> publish(Prediction prediction);

    CompletableFuture<Void> deadLetter(ImageEvent event, String reason, String message);
}
