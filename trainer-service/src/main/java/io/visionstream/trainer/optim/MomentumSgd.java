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
 * Stochastic gradient descent exactly as PyTorch's {@code torch.optim.SGD(momentum, nesterov, weight_decay)}
 * computes it (no dampening): {@code d = g + wd * w}; with momentum {@code b = d} on the first step, then
 * {@code b = momentum * b + d}; the step direction is {@code d + momentum * b} with Nesterov, else {@code b};
 * {@code w -= lr * direction}. Written here because DJL's PyTorch engine does not implement its {@code Nag}
 * optimiser ("Not implemented"); also used for plain momentum so both keep their momentum buffers where a resumed
 * run can restore them. PyTorch engine only (it clears the weight's gradient through libtorch after the update).
 */
public final class MomentumSgd extends ResumableOptimizer {

    private final float momentum;
    private final boolean nesterov;
    private final Map<String, NDArray> buffers = new ConcurrentHashMap<>();

    private MomentumSgd(Builder builder) {
        super(builder);
        this.momentum = builder.momentum;
        this.nesterov = builder.nesterov;
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be within [0, 1), was " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs a momentum > 0");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        float weightDecay = getWeightDecay();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray direction = grad.mul(rescaleGrad);
            if (clipGrad > 0) {
                direction = direction.clip(-clipGrad, clipGrad);
            }
            if (weightDecay != 0) {
                direction = direction.add(weight.mul(weightDecay));
            }
            if (momentum != 0) {
                String key = StateArrays.key(parameterId, weight.getDevice());
                NDArray buffer = buffers.get(key);
                if (buffer == null) {
                    buffer = direction.duplicate();
                    buffer.attach(weight.getManager());
                    NDScope.unregister(buffer);
                    buffers.put(key, buffer);
                } else {
                    buffer.muli(momentum).addi(direction);
                }
                direction = nesterov ? direction.add(buffer.mul(momentum)) : buffer;
            }
            weight.subi(direction.mul(lr));
        }
        // libtorch accumulates gradients: like DJL's own optimisers, clear them once they are used
        JniUtils.zeroGrad((PtNDArray) weight);
    }

    @Override
    public void saveState(DataOutputStream out, List<Parameter> parameters) throws IOException {
        StateArrays.writeAll(out, parameters, buffers, StateArrays::write);
    }

    @Override
    public void loadState(DataInputStream in, List<Parameter> parameters) throws IOException {
        StateArrays.readAll(in, parameters, buffers, (i, parameter) -> StateArrays.read(i, parameter, "momentum"));
    }

    /** Builds a {@link MomentumSgd}: {@code setLearningRateTracker} is required, momentum and Nesterov optional. */
    public static final class Builder extends TrackedOptimizerBuilder<Builder> {

        private float momentum;
        private boolean nesterov;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Momentum factor; default 0 (plain SGD). */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Nesterov's look-ahead momentum; default false. */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public MomentumSgd build() {
            return new MomentumSgd(this);
        }
    }
}
