package io.visionstream.inference.quality;

import io.visionstream.common.events.LabelledPrediction;

/**
 * Told of every prediction the join scored against its label on this replica (the canary gate's accuracy evidence).
 * Called on a Kafka Streams thread: must be quick and must not block.
 */
public interface LabelledListener {

    void labelled(LabelledPrediction labelled);
}
