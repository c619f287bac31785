package io.visionstream.trainer.train;

import io.visionstream.trainer.settings.FreezePolicy;
import io.visionstream.trainer.settings.TrainingSettings;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.visionstream.trainer.arch.NetworkSpec;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fine-tuning: starting from the weights of an earlier run or registry version of the same network, and the freeze
 * policy that decides which of them training may change (applied again when such a run is resumed).
 */
final class FineTuning {

    private static final Logger LOG = Logger.getLogger(FineTuning.class);

    private FineTuning() {
    }

    /**
     * Copies the weights in {@code source} (a run's {@value RunFiles#BEST_CHECKPOINT} or a registry version's
     * {@value RunFiles#REGISTRY_CHECKPOINT}) into the block's own arrays (the trainer keeps references to them, so they
     * are overwritten in place, not replaced) and applies the freeze policy.
     */
    static void startFrom(TrainingSettings settings, NetworkSpec network, Block block, NDManager manager) {
        Path source = settings.initFrom();
        Path best = source.resolve(RunFiles.BEST_CHECKPOINT);
        Path file = Files.exists(best) ? best : source.resolve(RunFiles.REGISTRY_CHECKPOINT);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("initFrom " + source + " holds neither " + RunFiles.BEST_CHECKPOINT + " nor "
                    + RunFiles.REGISTRY_CHECKPOINT);
        }
        try {
            Checkpoints.copyInto(network, block, manager, file);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("initFrom " + source + " does not fit " + settings.arch() + " with these classes: "
                    + e.getCause().getMessage(), e);
        }
        LOG.infof("fine-tuning from %s", file);
        applyFreeze(settings.freeze(), block);
    }

    /** The freeze policy: {@code all-but-classifier} leaves only the last dense layer trainable. */
    static void applyFreeze(FreezePolicy freeze, Block block) {
        switch (freeze) {
            case NONE -> { }
            case ALL_BUT_CLASSIFIER -> {
                block.freezeParameters(true);
                List<Parameter> parameters = Checkpoints.parameters(block);
                // the classifier is the last dense layer: the last parameters of the tree (its weight, then its bias)
                for (int i = parameters.size() - 1; i >= 0 && i >= parameters.size() - 2; i--) {
                    Parameter p = parameters.get(i);
                    if (p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.BIAS) {
                        p.freeze(false);
                    }
                }
                LOG.infof("frozen: all parameters but the classifier's");
            }
        }
    }
}
