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
 * Adam and AdamW exactly as PyTorch's {@code torch.optim.Adam} / {@code AdamW} compute them (betas 0.9/0.999,
 * eps 1e-8): {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}, and
 * {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}; weight decay is added to the gradient (Adam,
 * L2) or applied to the weight first, {@code w *= 1 - lr wd} (AdamW, decoupled). Written here so the moment estimates
 * and step counts are the trainer's own and a resumed run restores them (DJL keeps its Adam's private). PyTorch
 * engine only (it clears the weight's gradient through libtorch after the update).
 */
public final class AdamOptimizer extends ResumableOptimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final boolean decoupledWeightDecay;
    private final Map<String, Moments> moments = new ConcurrentHashMap<>();

    /** One parameter's first and second moment estimates and how many updates made them. */
    private static final class Moments {
        final NDArray mean;
        final NDArray variance;
        int steps;

        Moments(NDArray mean, NDArray variance, int steps) {
            this.mean = mean;
            this.variance = variance;
            this.steps = steps;
        }
    }

    private AdamOptimizer(Builder builder) {
        super(builder);
        this.decoupledWeightDecay = builder.decoupledWeightDecay;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        float weightDecay = getWeightDecay();
        Moments state = moments.computeIfAbsent(StateArrays.key(parameterId, weight.getDevice()),
                key -> new Moments(weight.zerosLike(), weight.zerosLike(), 0));
        state.steps++;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = grad.mul(rescaleGrad);
            if (clipGrad > 0) {
                g = g.clip(-clipGrad, clipGrad);
            }
            if (weightDecay != 0) {
                if (decoupledWeightDecay) {
                    weight.muli(1 - lr * weightDecay);
                } else {
                    g = g.add(weight.mul(weightDecay));
                }
            }
            state.mean.muli(BETA1).addi(g.mul(1 - BETA1));
            state.variance.muli(BETA2).addi(g.square().mul(1 - BETA2));
            double meanCorrection = 1 - Math.pow(BETA1, state.steps);
            double varianceCorrection = 1 - Math.pow(BETA2, state.steps);
            NDArray denominator = state.variance.sqrt().div((float) Math.sqrt(varianceCorrection)).add(EPSILON);
            weight.subi(state.mean.div(denominator).mul((float) (lr / meanCorrection)));
        }
        // libtorch accumulates gradients: like DJL's own optimisers, clear them once they are used
        JniUtils.zeroGrad((PtNDArray) weight);
    }

    @Override
    public void saveState(DataOutputStream out, List<Parameter> parameters) throws IOException {
        StateArrays.writeAll(out, parameters, moments, (o, state) -> {
            o.writeInt(state.steps);
            StateArrays.write(o, state.mean);
            StateArrays.write(o, state.variance);
        });
    }

    @Override
    public void loadState(DataInputStream in, List<Parameter> parameters) throws IOException {
        StateArrays.readAll(in, parameters, moments, (i, parameter) -> {
            int steps = i.readInt();
            return new Moments(StateArrays.read(i, parameter, "first moment"), StateArrays.read(i, parameter, "second moment"), steps);
        });
    }

    /** Builds an {@link AdamOptimizer}: {@code setLearningRateTracker} is required; weight decay is L2 unless decoupled. */
    public static final class Builder extends TrackedOptimizerBuilder<Builder> {

        private boolean decoupledWeightDecay;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** AdamW: decay the weight itself instead of adding to the gradient; default false (Adam). */
        public Builder optDecoupledWeightDecay(boolean decoupled) {
            this.decoupledWeightDecay = decoupled;
            return this;
        }

        public AdamOptimizer build() {
            return new AdamOptimizer(this);
        }
    }
}
