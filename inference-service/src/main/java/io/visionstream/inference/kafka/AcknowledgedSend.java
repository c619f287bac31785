package io.visionstream.inference.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;

/** Sends a keyed record through an emitter and reports, as a future, when the broker acknowledged it. */
public final class AcknowledgedSend {

    private AcknowledgedSend() {
    }

    public static <T> CompletableFuture<Void> send(Emitter<T> emitter, T payload, String key, RecordHeaders headers) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<T> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build())
                .withAck(() -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acknowledged;
    }
}
