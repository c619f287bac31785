package io.visionstream.trainer.optim;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;

import java.util.Objects;

/** What the trainer's own optimisers' builders share: DJL's options plus a required learning-rate tracker. */
public abstract class TrackedOptimizerBuilder<B extends TrackedOptimizerBuilder<B>> extends Optimizer.OptimizerBuilder<B> {

    private ParameterTracker learningRate;

    public B setLearningRateTracker(ParameterTracker tracker) {
        this.learningRate = tracker;
        return self();
    }

    ParameterTracker learningRate() {
        return Objects.requireNonNull(learningRate, "learning rate tracker");
    }
}
