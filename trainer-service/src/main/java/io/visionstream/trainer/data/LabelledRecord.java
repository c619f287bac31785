package io.visionstream.trainer.data;

import io.visionstream.common.events.GroundTruth;

import java.time.Instant;

/** One record of {@code images.labelled}: the image id, when the pair was complete, the image as sent and its label. */
public record LabelledRecord(String imageId, Instant time, String contentType, byte[] image, GroundTruth label) {
}
