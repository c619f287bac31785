package io.visionstream.trainer.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An auxiliary classifier branching off the main path: the input passes through unchanged; during training the
 * head's logits are returned as an extra output (the trainer adds their weighted loss); in inference the head is
 * skipped.
 */
final class AuxHeadBlock extends AbstractBlock {

    private final Block head;

    AuxHeadBlock(Block head) {
        this.head = addChildBlock("head", head);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList main = new NDList(inputs.head());
        if (!training) {
            return main;
        }
        main.add(head.forward(store, main, true, params).head());
        return main;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        head.initialize(manager, dataType, inputShapes[0]);
    }
}
