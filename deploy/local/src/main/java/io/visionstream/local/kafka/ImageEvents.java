package io.visionstream.local.kafka;

import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.common.kafka.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/** Image events as producers put them on the {@code images} topic: keyed by image id, CloudEvents binary-mode headers. */
public final class ImageEvents {

    private ImageEvents() {
    }

    /** {@code contentType} and {@code model} may be null (the decoder sniffs JPEG/PNG; the default model scores it). */
    public static ProducerRecord<String, byte[]> record(String imageId, byte[] payload, String contentType, String model, String source) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.CE_ID, utf8(imageId));
        headers.add(KafkaHeaders.CE_TYPE, utf8(KafkaHeaders.CE_TYPE_IMAGE));
        headers.add(KafkaHeaders.CE_SOURCE, utf8(source));
        headers.add(KafkaHeaders.CE_SPECVERSION, utf8(KafkaHeaders.CE_SPECVERSION_VALUE));
        if (contentType != null) {
            headers.add(KafkaHeaders.CONTENT_TYPE, utf8(contentType));
        }
        if (model != null) {
            headers.add(KafkaHeaders.MODEL, utf8(model));
        }
        return new ProducerRecord<>(Topics.IMAGES, null, imageId, payload, headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
