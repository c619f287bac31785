package io.visionstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import io.visionstream.trainer.arch.LayerSpec;

/**
 * The loss training minimises: cross-entropy of the main output, with label smoothing when configured (Inception v3's
 * regulariser), plus each auxiliary head's cross-entropy times its loss weight (GoogLeNet's and Inception v3's aux heads).
 */
final class TrainingLoss {

    private final Loss crossEntropy;
    private final double labelSmoothing;
    /** A float: a double scalar would turn the 0-d loss into a float64 one (PyTorch promotes 0-d by 0-d to float64). */
    private final float auxWeight;

    TrainingLoss(Loss crossEntropy, double labelSmoothing, LayerSpec body) {
        this.crossEntropy = crossEntropy;
        this.labelSmoothing = labelSmoothing;
        this.auxWeight = (float) auxWeight(body);
    }

    /** The loss of a forward pass's outputs (the logits first, then any auxiliary heads' logits). */
    NDArray of(NDList outputs, NDArray labels) {
        NDArray value = smoothed(outputs.head(), labels);
        for (int aux = 1; aux < outputs.size(); aux++) {
            value = value.add(smoothed(outputs.get(aux), labels).mul(auxWeight));
        }
        return value;
    }

    /** {@code (1 - e) * -log p[y] + e * mean over classes of -log p}; plain cross-entropy when e = 0. */
    private NDArray smoothed(NDArray logits, NDArray labels) {
        if (labelSmoothing == 0) {
            return crossEntropy.evaluate(new NDList(labels), new NDList(logits));
        }
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray target = logProbabilities.gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1).neg();
        NDArray uniform = logProbabilities.mean(new int[] {1}, true).neg();
        return target.mul(1 - labelSmoothing).add(uniform.mul(labelSmoothing)).mean();
    }

    private static double auxWeight(LayerSpec layer) {
        if (layer instanceof LayerSpec.AuxHead a) {
            return a.lossWeight();
        }
        if (layer instanceof LayerSpec.Sequential s) {
            return s.layers().stream().mapToDouble(TrainingLoss::auxWeight).max().orElse(0);
        }
        return 0;
    }
}
