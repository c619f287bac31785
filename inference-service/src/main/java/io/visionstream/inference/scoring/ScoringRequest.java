package io.visionstream.inference.scoring;

import io.visionstream.common.image.DecodedImage;

import java.time.Instant;

/**
 * One decoded image to score: the model asked for (null = the default), the image id (which also picks the canary
 * bucket, so it must be stable for an image), and the event time end-to-end latency is measured from.
 */
public record ScoringRequest(String model, String imageId, Instant eventTime, DecodedImage image) {
}
