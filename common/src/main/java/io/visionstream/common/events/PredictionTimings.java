package io.visionstream.common.events;

import java.time.Instant;

/**
 * Where the time of one prediction went, in milliseconds: waiting for a batch, running the model, and in total
 * from the image event's time to the prediction being produced. {@code eventTime} is the image event's own time.
 */
public record PredictionTimings(Instant eventTime, double queueMs, double scoreMs, double totalMs) {
}
