package io.visionstream.trainer.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Size2;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link NetworkSpec} into the DJL block that trains it. The spec is checked first
 * ({@link NetworkAnalysis}), so a bad spec fails with the layer path before any native memory is used. Containers
 * name their children after the spec nodes, so the block's parameter names follow the spec tree.
 */
public final class SpecBlocks {

    private SpecBlocks() {
    }

    public static Block build(NetworkSpec network) {
        NetworkAnalysis.of(network);
        return block(network.body());
    }

    /** The DJL input shape of a batch of {@code batchSize} examples. */
    public static Shape inputShape(NetworkSpec network, int batchSize) {
        return new Shape(batchSize, network.channels(), network.height(), network.width());
    }

    static Block block(LayerSpec layer) {
        if (layer instanceof LayerSpec.Conv c) {
            return Conv2d.builder().setFilters(c.filters()).setKernelShape(shape(c.kernel())).optStride(shape(c.stride()))
                    .optPadding(shape(c.padding())).optDilation(shape(c.dilation())).optGroups(c.groups()).optBias(c.bias()).build();
        } else if (layer instanceof LayerSpec.BatchNorm b) {
            // DJL weighs the running statistics by momentum (MXNet convention); PyTorch weighs the new batch.
            return BatchNorm.builder().optEpsilon(b.epsilon().floatValue()).optMomentum((float) (1 - b.momentum())).build();
        } else if (layer instanceof LayerSpec.Activation a) {
            return switch (a.kind()) {
                case RELU -> Activation.reluBlock();
                case SIGMOID -> Activation.sigmoidBlock();
                case TANH -> Activation.tanhBlock();
            };
        } else if (layer instanceof LayerSpec.MaxPool p) {
            return Pool.maxPool2dBlock(shape(p.kernel()), shape(p.stride()), shape(p.padding()), p.ceilMode());
        } else if (layer instanceof LayerSpec.AvgPool p) {
            if (p.countIncludePad()) {
                return Pool.avgPool2dBlock(shape(p.kernel()), shape(p.stride()), shape(p.padding()), p.ceilMode(), true);
            }
            return LambdaBlock.singleton(x -> averageExcludingPadding(x, shape(p.kernel()), shape(p.stride()), shape(p.padding()), p.ceilMode()),
                    "avgPoolExcludingPadding");
        } else if (layer instanceof LayerSpec.GlobalAvgPool) {
            return LambdaBlock.singleton(x -> {
                NDArray pooled = Pool.globalAvgPool2d(x);
                return pooled.reshape(pooled.getShape().get(0), pooled.getShape().get(1), 1, 1);
            }, "globalAvgPool");
        } else if (layer instanceof LayerSpec.Lrn l) {
            return LambdaBlock.singleton(x -> localResponseNorm(x, l.size(), l.alpha(), l.beta(), l.k()), "lrn");
        } else if (layer instanceof LayerSpec.Flatten) {
            return Blocks.batchFlattenBlock();
        } else if (layer instanceof LayerSpec.Dense d) {
            return Linear.builder().setUnits(d.units()).optBias(d.bias()).build();
        } else if (layer instanceof LayerSpec.Dropout d) {
            return Dropout.builder().optRate((float) d.rate()).build();
        } else if (layer instanceof LayerSpec.Sequential s) {
            SpecSequentialBlock sequence = new SpecSequentialBlock();
            for (int i = 0; i < s.layers().size(); i++) {
                LayerSpec child = s.layers().get(i);
                sequence.add(child.name() != null ? child.name() : Integer.toString(i), block(child));
            }
            return sequence;
        } else if (layer instanceof LayerSpec.Residual r) {
            return new ResidualBlock(block(r.body()), r.projection() == null ? null : block(r.projection()),
                    r.post() == null ? null : block(r.post()), r.scale().floatValue());
        } else if (layer instanceof LayerSpec.Concat c) {
            List<Block> branches = new ArrayList<>();
            c.branches().forEach(branch -> branches.add(block(branch)));
            return new ParallelBlock(outputs -> {
                NDList heads = new NDList();
                outputs.forEach(out -> heads.add(out.head()));
                return new NDList(NDArrays.concat(heads, 1));
            }, branches);
        } else if (layer instanceof LayerSpec.AuxHead a) {
            return new AuxHeadBlock(block(a.head()));
        }
        throw new IllegalArgumentException("no DJL block for " + layer);
    }

    /**
     * Average pooling that ignores padded positions. DJL 0.36's PyTorch engine ignores {@code countIncludePad=false}
     * (measured: it always counts padding), so the average is computed as the padding-inclusive average of the input
     * divided by the padding-inclusive average of ones - the share of each window that lies inside the input.
     */
    static NDArray averageExcludingPadding(NDArray x, Shape kernel, Shape stride, Shape padding, boolean ceilMode) {
        NDArray sums = Pool.avgPool2d(x, kernel, stride, padding, ceilMode, true);
        NDArray ones = x.getManager().ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)), x.getDataType());
        return sums.div(Pool.avgPool2d(ones, kernel, stride, padding, ceilMode, true));
    }

    /**
     * Local response normalisation across channels as PyTorch computes it:
     * {@code x / (k + alpha / n * sum of x^2 over the n channels centred on each one) ^ beta}.
     */
    static NDArray localResponseNorm(NDArray x, int size, double alpha, double beta, double k) {
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray squares = x.square();
        NDArray front = x.getManager().zeros(new Shape(n, size / 2 + 1, h, w), x.getDataType());
        NDArray back = x.getManager().zeros(new Shape(n, (size - 1) / 2, h, w), x.getDataType());
        NDArray cumulative = NDArrays.concat(new NDList(front, squares, back), 1).cumSum(1);
        NDArray windowSums = cumulative.get(new NDIndex(":, {}:{}", size, size + c)).sub(cumulative.get(new NDIndex(":, 0:{}", c)));
        return x.div(windowSums.mul(alpha / size).add(k).pow(beta));
    }

    private static Shape shape(Size2 size) {
        return new Shape(size.h(), size.w());
    }
}
