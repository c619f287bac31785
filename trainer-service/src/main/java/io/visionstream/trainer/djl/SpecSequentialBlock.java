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
 * Children applied in order, each child named after its spec node so parameter names are stable. Only the first
 * array flows from child to child; any further arrays a child returns (auxiliary logits during training) are
 * collected and appended to this block's output.
 */
final class SpecSequentialBlock extends AbstractBlock {

    SpecSequentialBlock add(String name, Block child) {
        addChildBlock(name, child);
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList current = new NDList(inputs.head());
        NDList extras = new NDList();
        for (Block child : children.values()) {
            NDList out = child.forward(store, current, training, params);
            current = new NDList(out.head());
            for (int i = 1; i < out.size(); i++) {
                extras.add(out.get(i));
            }
        }
        current.addAll(extras);
        return current;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape current = inputShapes[0];
        for (Block child : children.values()) {
            current = child.getOutputShapes(new Shape[] {current})[0];
        }
        return new Shape[] {current};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape current = inputShapes[0];
        for (Block child : children.values()) {
            child.initialize(manager, dataType, current);
            current = child.getOutputShapes(new Shape[] {current})[0];
        }
    }
}
