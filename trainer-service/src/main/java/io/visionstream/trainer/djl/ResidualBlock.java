package io.visionstream.trainer.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code post(scale * body(x) + shortcut(x))}; the shortcut is the identity or a projection block. */
final class ResidualBlock extends AbstractBlock {

    private final Block body;
    private final Block projection;
    private final Block post;
    private final float scale;

    ResidualBlock(Block body, Block projection, Block post, float scale) {
        this.body = addChildBlock("body", body);
        this.projection = projection == null ? null : addChildBlock("projection", projection);
        this.post = post == null ? null : addChildBlock("post", post);
        this.scale = scale;
    }

    /** The residual branch (what {@link ReferenceInitializer} zero-initialises the last batch-norm of). */
    Block body() {
        return body;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = new NDList(inputs.head());
        NDArray branch = body.forward(store, x, training, params).head();
        NDArray main = scale == 1f ? branch : branch.mul(scale);
        NDArray shortcut = projection == null ? x.head() : projection.forward(store, x, training, params).head();
        NDList sum = new NDList(main.add(shortcut));
        return post == null ? sum : post.forward(store, sum, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return body.getOutputShapes(new Shape[] {inputShapes[0]});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes[0]);
        if (projection != null) {
            projection.initialize(manager, dataType, inputShapes[0]);
        }
        if (post != null) {
            post.initialize(manager, dataType, body.getOutputShapes(new Shape[] {inputShapes[0]})[0]);
        }
    }
}
