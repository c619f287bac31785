package io.visionstream.trainer.optim;

import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The trainer's own optimisers: their whole state (momentum buffers, moment estimates) can be written and read back,
 * so a resumed run continues exactly. Parameter ids differ between processes, so state is stored in the order of the
 * given parameters (the block's parameter order, the same for the same network).
 */
public abstract class ResumableOptimizer extends Optimizer {

    /** The learning rate by update count, from the builder. */
    protected final ParameterTracker learningRate;

    protected ResumableOptimizer(TrackedOptimizerBuilder<?> builder) {
        super(builder);
        this.learningRate = builder.learningRate();
    }

    public abstract void saveState(DataOutputStream out, List<Parameter> parameters) throws IOException;

    /** Restores state written by {@link #saveState} for the same network; its arrays live with the parameters'. */
    public abstract void loadState(DataInputStream in, List<Parameter> parameters) throws IOException;
}
