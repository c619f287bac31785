package io.visionstream.inference.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One poll batch's predictions and dead letters, collected so that they are written together with the batch's
 * offsets in one Kafka transaction: either all of them become visible and the input is consumed, or none and the
 * batch is read again. Thread-safe: a batch's images finish on several decode threads.
 */
public final class TransactionalBatchOutput implements StreamOutput {

    private final String predictionsTopic;
    private final String deadLettersTopic;
    private final List<Message<byte[]>> records = new ArrayList<>();

    public TransactionalBatchOutput(String predictionsTopic, String deadLettersTopic) {
        this.predictionsTopic = predictionsTopic;
        this.deadLettersTopic = deadLettersTopic;
    }

    @Override
    public CompletableFuture<Void> publish(Prediction prediction) {
        if (prediction.route() == Route.SHADOW) {
            throw new IllegalArgumentException("shadow predictions are not part of the stream's transaction");
        }
        add(Json.toBytes(prediction), prediction.imageId(), StreamPublisher.predictionHeaders(prediction), predictionsTopic);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deadLetter(ImageEvent event, String reason, String message) {
        add(StreamPublisher.deadLetterPayload(event), event.imageId(), StreamPublisher.deadLetterHeaders(event, reason, message), deadLettersTopic);
        return CompletableFuture.completedFuture(null);
    }

    /** Everything collected so far, in the order the outcomes were decided. */
    public synchronized List<Message<byte[]>> records() {
        return List.copyOf(records);
    }

    private synchronized void add(byte[] value, String key, RecordHeaders headers, String topic) {
        records.add(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).withHeaders(headers).build()));
    }
}
