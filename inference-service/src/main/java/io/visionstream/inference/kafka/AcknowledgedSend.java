package io.visionstream.inference.kafka;

import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
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
        emitter.send(message(payload, key, headers, acknowledged, () -> null));
        return acknowledged;
    }

    /** As {@link #send}, and the future tells where the broker put the record (partition and offset). */
    public static <T> CompletableFuture<RecordMetadata> sendLocated(Emitter<T> emitter, T payload, String key, RecordHeaders headers) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        OutgoingMessageMetadata<RecordMetadata> location = new OutgoingMessageMetadata<>();
        emitter.send(message(payload, key, headers, acknowledged, location::getResult).addMetadata(location));
        return acknowledged;
    }

    private static <T, R> Message<T> message(T payload, String key, RecordHeaders headers, CompletableFuture<R> acknowledged,
                                             java.util.function.Supplier<R> result) {
        return Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build())
                .withAck(() -> {
                    acknowledged.complete(result.get());
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }
}
