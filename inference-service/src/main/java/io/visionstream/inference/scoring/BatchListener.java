package io.visionstream.inference.scoring;

import io.visionstream.common.events.ModelRef;

/**
 * Told of every model run a {@link MicroBatcher} makes, so rollout decisions can weigh versions' failures at the
 * moment they happen without the scoring layer knowing about rollouts.
 */
@FunctionalInterface
public interface BatchListener {

    /** A batch of {@code size} images ran on {@code model}; {@code failed} if the run threw. */
    void batchScored(ModelRef model, int size, boolean failed);
}
