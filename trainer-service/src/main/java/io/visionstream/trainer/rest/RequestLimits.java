package io.visionstream.trainer.rest;

import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.arch.NetworkAnalysis;

/**
 * Upper bounds on what one HTTP training request may ask for, so that a single request cannot occupy the trainer
 * for ever or make it allocate more than a machine has. Each is far above what the zoo needs at its standard sizes
 * (the largest, Inception-ResNet-v2 at 299 px, has 56 M parameters and 13 G multiply-adds per image). Lower bounds
 * are {@link io.visionstream.trainer.settings.TrainingSettings}'s, shared with the CLI, which these bounds do not limit.
 */
final class RequestLimits {

    /** At most this many epochs (a job runs them back to back, holding the single training slot). */
    static final int MAX_EPOCHS = 1000;
    /** At most this many images per batch (memory grows with it). */
    static final int MAX_BATCH_SIZE = 4096;
    /** At most this image side in pixels (memory and compute grow with its square). */
    static final int MAX_INPUT_SIZE = 1024;
    /** At most this learning rate; it must also be above 0. */
    static final double MAX_LR = 10;
    /** At most this many nodes (layers and containers) in a custom layer tree. */
    static final int MAX_SPEC_NODES = 1000;
    /** At most this many multiply-adds per image, as {@link NetworkAnalysis} counts them (1e11). */
    static final long MAX_MULTIPLY_ADDS = 100_000_000_000L;
    /** At most this many trainable parameters (2e9, 8 GB of float weights). */
    static final long MAX_PARAMETERS = 2_000_000_000L;

    private RequestLimits() {
    }

    /** Refuses hyper-parameters over their bounds (null = the default, which is within them). */
    static void checkHyperParameters(Integer epochs, Integer batchSize, Integer inputSize, Double lr) {
        atMost(ErrorReason.INVALID_EPOCHS, epochs, MAX_EPOCHS);
        atMost(ErrorReason.INVALID_BATCHSIZE, batchSize, MAX_BATCH_SIZE);
        atMost(ErrorReason.INVALID_INPUTSIZE, inputSize, MAX_INPUT_SIZE);
        if (lr != null && !(lr > 0 && lr <= MAX_LR)) {
            throw new InvalidRequestException(ErrorReason.INVALID_LR, "lr must be within (0, " + MAX_LR + "], was " + lr);
        }
    }

    /** Refuses a custom layer tree with more than {@link #MAX_SPEC_NODES} nodes, before it is analysed. */
    static void checkSpecSize(LayerSpec spec) {
        long nodes = nodes(spec);
        if (nodes > MAX_SPEC_NODES) {
            throw new InvalidRequestException(ErrorReason.INVALID_SPEC, "spec has " + nodes + " layer nodes; at most " + MAX_SPEC_NODES + " are accepted");
        }
    }

    /** Refuses a network over the parameter or multiply-add bound; {@code invalid} is the reason of the field that defines it. */
    static void checkCost(ErrorReason invalid, NetworkAnalysis.Result analysis) {
        String field = invalid.field();
        if (analysis.parameters() > MAX_PARAMETERS) {
            throw new InvalidRequestException(invalid, field + " has " + analysis.parameters() + " parameters; at most " + MAX_PARAMETERS + " are accepted");
        }
        if (analysis.multiplyAdds() > MAX_MULTIPLY_ADDS) {
            throw new InvalidRequestException(invalid, field + " needs " + analysis.multiplyAdds() + " multiply-adds per image; at most "
                    + MAX_MULTIPLY_ADDS + " are accepted");
        }
    }

    private static void atMost(ErrorReason invalid, Integer value, int max) {
        if (value != null && value > max) {
            throw new InvalidRequestException(invalid, invalid.field() + " must be at most " + max + ", was " + value);
        }
    }

    /** Nodes of a layer tree: every layer and every container. */
    private static long nodes(LayerSpec layer) {
        long children = 0;
        if (layer instanceof LayerSpec.Sequential s) {
            children = s.layers().stream().mapToLong(RequestLimits::nodes).sum();
        } else if (layer instanceof LayerSpec.Concat c) {
            children = c.branches().stream().mapToLong(RequestLimits::nodes).sum();
        } else if (layer instanceof LayerSpec.Residual r) {
            children = nodes(r.body()) + (r.projection() == null ? 0 : nodes(r.projection())) + (r.post() == null ? 0 : 1);
        } else if (layer instanceof LayerSpec.AuxHead a) {
            children = nodes(a.head());
        }
        return 1 + children;
    }
}
