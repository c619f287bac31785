package io.visionstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.djl.SpecBlocks;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Evaluates a block on a labelled set in inference mode (dropout off, batch-norm on running statistics), as the
 * validation after each epoch and the final test of the best checkpoint do.
 */
final class Evaluator {

    private static final int EVAL_BATCH = 512;

    private Evaluator() {
    }

    static Evaluation evaluate(Block block, NDManager manager, NetworkSpec network, TensorSet set) {
        Evaluation.Accumulator accumulator = new Evaluation.Accumulator(network.classes());
        Loss loss = Loss.softmaxCrossEntropyLoss();
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] batch = new float[EVAL_BATCH * set.floatsPerImage];
        int[] labels = new int[EVAL_BATCH];
        for (int from = 0; from < set.size(); from += EVAL_BATCH) {
            int to = Math.min(set.size(), from + EVAL_BATCH);
            int n = to - from;
            set.fill(order, from, to, batch, labels);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(FloatBuffer.wrap(batch, 0, n * set.floatsPerImage), SpecBlocks.inputShape(network, n));
                NDArray y = scope.create(Arrays.copyOf(labels, n));
                NDArray logits = block.forward(new ParameterStore(scope, false), new NDList(x), false).head();
                float meanLoss = loss.evaluate(new NDList(y), new NDList(logits)).getFloat();
                accumulator.add(logits.toFloatArray(), Arrays.copyOf(labels, n), meanLoss);
            }
        }
        return accumulator.result();
    }
}
