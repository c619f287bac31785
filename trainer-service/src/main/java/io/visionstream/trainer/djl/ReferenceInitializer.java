package io.visionstream.trainer.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import io.visionstream.trainer.arch.ClassifierStart;
import io.visionstream.trainer.arch.InitScheme;
import io.visionstream.trainer.arch.InitScheme.Draw;
import io.visionstream.trainer.arch.Zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Redraws the weights and biases of a block built by {@link SpecBlocks} (after DJL has allocated them) as the
 * network's reference implementation draws them ({@link InitScheme}), layer kind by layer kind: conv weight, conv
 * bias, dense weight, dense bias; batch-norm keeps DJL's gamma 1, beta 0, which every reference uses. Arrays are
 * overwritten in place, so a trainer already holding them trains the redrawn values. Draws use the engine's random
 * generator, so a seeded engine gives the same weights every time. The classification layer may start at zero instead
 * ({@link ClassifierStart}), where the zoo departs from the reference ({@link #forZoo}).
 */
public final class ReferenceInitializer {

    private final InitScheme scheme;
    private boolean zeroResidualGamma;
    private ClassifierStart classifierStart = ClassifierStart.REFERENCE;

    public ReferenceInitializer(InitScheme scheme) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    /** The named zoo network's initialisation: its reference scheme and its classifier's start ({@link Zoo}). */
    public static ReferenceInitializer forZoo(String name) {
        return new ReferenceInitializer(Zoo.initScheme(name)).optClassifierStart(Zoo.classifierStart(name));
    }

    /**
     * How the network's last dense layer outside any auxiliary head starts; default {@link ClassifierStart#REFERENCE}
     * (as the scheme draws it). An auxiliary head's classifier always keeps its scheme's draw: it trains a side loss
     * and is gone at inference, so it does not decide the network's first loss.
     */
    public ReferenceInitializer optClassifierStart(ClassifierStart start) {
        this.classifierStart = Objects.requireNonNull(start, "start");
        return this;
    }

    /**
     * Starts the last batch-norm gamma of each residual branch at 0, so each residual block starts as the identity
     * (torchvision's {@code zero_init_residual}; Goyal et al. 2017, "Accurate, Large Minibatch SGD", section 5.1). Off
     * by default, as in torchvision.
     */
    public ReferenceInitializer optZeroResidualGamma(boolean zero) {
        this.zeroResidualGamma = zero;
        return this;
    }

    /** Redraws the parameters of {@code block}, which must be initialised. */
    public void initialize(Block block) {
        redrawTree(block);
        if (classifierStart == ClassifierStart.ZERO) {
            List<Block> dense = layersOutsideAuxHeads(block, Linear.class);
            if (dense.isEmpty()) {
                throw new IllegalArgumentException("a zero classifier needs a dense layer, and the network has none");
            }
            dense.get(dense.size() - 1).getDirectParameters().values().forEach(parameter -> fill(parameter, Initializer.ZEROS));
        }
    }

    private void redrawTree(Block block) {
        if (block instanceof AuxHeadBlock) {
            initializeAuxHead(block);
            return;
        }
        if (block instanceof Convolution) {
            redraw(block, scheme.convWeight(), scheme.convBias());
        } else if (block instanceof Linear) {
            redraw(block, scheme.denseWeight(), scheme.denseBias());
        }
        block.getChildren().values().forEach(this::redrawTree);
        if (zeroResidualGamma && block instanceof ResidualBlock residual) {
            List<Block> norms = layers(residual.body(), BatchNorm.class);
            if (!norms.isEmpty()) {
                zeroGamma(norms.get(norms.size() - 1));
            }
        }
    }

    /** An auxiliary head's own draws: its last conv and its dense layers may be drawn differently (Inception v3). */
    private void initializeAuxHead(Block auxHead) {
        List<Block> convs = layers(auxHead, Convolution.class);
        for (int i = 0; i < convs.size(); i++) {
            redraw(convs.get(i), i == convs.size() - 1 ? scheme.auxLastConvWeight() : scheme.convWeight(), scheme.convBias());
        }
        layers(auxHead, Linear.class).forEach(dense -> redraw(dense, scheme.auxDenseWeight(), scheme.denseBias()));
    }

    private static void redraw(Block layer, Draw weightDraw, Draw biasDraw) {
        Parameter weight = layer.getDirectParameters().get("weight");
        for (Parameter parameter : layer.getDirectParameters().values()) {
            Draw draw = parameter.getType() == Parameter.Type.WEIGHT ? weightDraw : biasDraw;
            fill(parameter, DrawInitializers.of(draw, weight.getArray().getShape()));
        }
    }

    private static void zeroGamma(Block batchNorm) {
        for (Parameter parameter : batchNorm.getDirectParameters().values()) {
            if (parameter.getType() == Parameter.Type.GAMMA) {
                fill(parameter, Initializer.ZEROS);
            }
        }
    }

    private static void fill(Parameter parameter, Initializer initializer) {
        try (NDManager scratch = parameter.getArray().getManager().newSubManager()) {
            parameter.getArray().set(initializer.initialize(scratch, parameter.getArray().getShape(), parameter.getArray().getDataType())
                    .toFloatArray());
        }
    }

    /** The layers of the given kind in {@code block}'s subtree outside auxiliary heads, in forward order. */
    private static List<Block> layersOutsideAuxHeads(Block block, Class<? extends Block> kind) {
        List<Block> found = new ArrayList<>();
        if (block instanceof AuxHeadBlock) {
            return found;
        }
        if (kind.isInstance(block)) {
            found.add(block);
        }
        block.getChildren().values().forEach(child -> found.addAll(layersOutsideAuxHeads(child, kind)));
        return found;
    }

    /** The layers of the given kind in {@code block}'s subtree, in forward order. */
    private static List<Block> layers(Block block, Class<? extends Block> kind) {
        List<Block> found = new ArrayList<>();
        if (kind.isInstance(block)) {
            found.add(block);
        }
        block.getChildren().values().forEach(child -> found.addAll(layers(child, kind)));
        return found;
    }
}
