package io.visionstream.inference.kafka;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.visionstream.common.kafka.KafkaHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One record of the {@code images} topic with its CloudEvents binary-mode headers read: image id (the key, else
 * {@code ce_id}, else the record's coordinates), declared content type, requested model, and event time
 * ({@code ce_time}, else the record timestamp) from which end-to-end latency is measured.
 */
public record ImageEvent(String imageId, byte[] payload, String contentType, String model, Instant eventTime,
                  String topic, int partition, long offset, Headers headers) {

    public static ImageEvent of(KafkaRecord<String, byte[]> record) {
        IncomingKafkaRecordMetadata<?, ?> origin = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("an incoming Kafka record without its metadata"));
        Headers headers = origin.getHeaders();
        String ceId = header(headers, KafkaHeaders.CE_ID);
        String id = record.getKey() != null ? record.getKey()
                : ceId != null ? ceId : origin.getTopic() + "-" + origin.getPartition() + "@" + origin.getOffset();
        return new ImageEvent(id, record.getPayload(), header(headers, KafkaHeaders.CONTENT_TYPE), header(headers, KafkaHeaders.MODEL),
                eventTime(header(headers, KafkaHeaders.CE_TIME), origin.getTimestamp()),
                origin.getTopic(), origin.getPartition(), origin.getOffset(), headers);
    }

    /** The last value of a header as UTF-8 text, or null when absent. */
    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Instant eventTime(String ceTime, Instant recordTimestamp) {
        if (ceTime != null) {
            try {
                return Instant.parse(ceTime);
            } catch (DateTimeParseException ignored) {
                // fall back to the broker's timestamp; a malformed ce_time is not a reason to drop an image
            }
        }
        return recordTimestamp != null ? recordTimestamp : Instant.now();
    }
}
