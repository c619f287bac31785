package io.visionstream.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RMSProp as TensorFlow's {@code RMSPropOptimizer} computes it, the form Inception v3 was trained with (Szegedy et al.
 * 2016, "Rethinking the Inception Architecture": decay 0.9, epsilon 1.0): the mean square starts at 1, {@code ms = 0.9 ms
 * + 0.1 g^2}, {@code mom = momentum mom + lr g / sqrt(ms + 1.0)}, {@code w -= mom}; weight decay is added to the
 * gradient (L2). With epsilon 1.0 the placement matters: PyTorch's {@code RMSprop} adds epsilon after the square root,
 * so it is not used. Written here, like {@link AdamOptimizer}, so a resumed run restores the state; PyTorch engine only.
 */
public final class RmsPropOptimizer extends ResumableOptimizer {

    private static final float DECAY = 0.9f;
    private static final float EPSILON = 1.0f;

    private final float momentum;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** One parameter's mean square and momentum buffer. */
    private record State(NDArray meanSquare, NDArray velocity) {
    }

    private RmsPropOptimizer(Builder builder) {
        super(builder);
        this.momentum = builder.momentum;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        float weightDecay = getWeightDecay();
        State state = states.computeIfAbsent(StateArrays.key(parameterId, weight.getDevice()),
                key -> new State(weight.onesLike(), weight.zerosLike()));
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = grad.mul(rescaleGrad);
            if (clipGrad > 0) {
                g = g.clip(-clipGrad, clipGrad);
            }
            if (weightDecay != 0) {
                g = g.add(weight.mul(weightDecay));
            }
            state.meanSquare().muli(DECAY).addi(g.square().mul(1 - DECAY));
            state.velocity().muli(momentum).addi(g.div(state.meanSquare().add(EPSILON).sqrt()).mul(lr));
            weight.subi(state.velocity());
        }
        // libtorch accumulates gradients: like DJL's own optimisers, clear them once they are used
        JniUtils.zeroGrad((PtNDArray) weight);
    }

    @Override
    public void saveState(DataOutputStream out, List<Parameter> parameters) throws IOException {
        StateArrays.writeAll(out, parameters, states, (o, state) -> {
            StateArrays.write(o, state.meanSquare());
            StateArrays.write(o, state.velocity());
        });
    }

    @Override
    public void loadState(DataInputStream in, List<Parameter> parameters) throws IOException {
        StateArrays.readAll(in, parameters, states, (i, parameter) -> new State(StateArrays.read(i, parameter, "mean square"),
                StateArrays.read(i, parameter, "momentum buffer")));
    }

    /** Builds an {@link RmsPropOptimizer}: {@code setLearningRateTracker} is required. */
    public static final class Builder extends TrackedOptimizerBuilder<Builder> {

        private float momentum;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Default 0 (none); TensorFlow's Inception v3 training used 0.9. */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public RmsPropOptimizer build() {
            return new RmsPropOptimizer(this);
        }
    }
}
