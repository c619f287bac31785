package io.visionstream.inference.kafka;

import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.KafkaHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Produces what the stream emits: predictions and shadow predictions (key = image id) and dead letters (the original bytes, untouched,
 * with the original headers plus reason and origin). Each returned future completes only when the broker has
 * acknowledged the record; the input offset is committed only after that.
 */
@ApplicationScoped
public class StreamPublisher implements StreamOutput {

    /** Channel names, shared with configuration. */
    public static final String PREDICTIONS = "predictions";
    public static final String DEAD_LETTERS = "images-dlq";
    public static final String SHADOW_PREDICTIONS = "predictions-shadow";

    private final Emitter<String> predictions;
    private final Emitter<String> shadowPredictions;
    private final Emitter<byte[]> deadLetters;

    @Inject
    public StreamPublisher(@Channel(PREDICTIONS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> predictions,
                           @Channel(SHADOW_PREDICTIONS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> shadowPredictions,
                           @Channel(DEAD_LETTERS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<byte[]> deadLetters) {
        this.predictions = predictions;
        this.shadowPredictions = shadowPredictions;
        this.deadLetters = deadLetters;
    }

    /** Publishes to {@code predictions}, or to {@code predictions.shadow} for a shadow prediction (never mixed). */
    @Override
    public CompletableFuture<Void> publish(Prediction prediction) {
        Emitter<String> target = prediction.route() == Route.SHADOW ? shadowPredictions : predictions;
        return AcknowledgedSend.send(target, Json.toJson(prediction), prediction.imageId(), predictionHeaders(prediction));
    }

    /** Dead-letters an image event: same key and bytes, its headers, and why and where from. */
    @Override
    public CompletableFuture<Void> deadLetter(ImageEvent event, String reason, String message) {
        return AcknowledgedSend.send(deadLetters, deadLetterPayload(event), event.imageId(), deadLetterHeaders(event, reason, message));
    }

    static RecordHeaders predictionHeaders(Prediction prediction) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.MODEL, prediction.model().name().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    static byte[] deadLetterPayload(ImageEvent event) {
        return event.payload() == null ? new byte[0] : event.payload();
    }

    static RecordHeaders deadLetterHeaders(ImageEvent event, String reason, String message) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : event.headers()) {
            if (!header.key().startsWith("dead-letter-")) {
                headers.add(header);
            }
        }
        headers.add(KafkaHeaders.DEAD_LETTER_REASON, utf8(reason));
        headers.add(KafkaHeaders.DEAD_LETTER_MESSAGE, utf8(message));
        headers.add(KafkaHeaders.DEAD_LETTER_TOPIC, utf8(event.topic()));
        headers.add(KafkaHeaders.DEAD_LETTER_PARTITION, utf8(Integer.toString(event.partition())));
        headers.add(KafkaHeaders.DEAD_LETTER_OFFSET, utf8(Long.toString(event.offset())));
        return headers;
    }

    private static byte[] utf8(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
