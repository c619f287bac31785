package io.visionstream.trainer.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.visionstream.trainer.arch.Layers.avgPool;
import static io.visionstream.trainer.arch.Layers.batchNorm;
import static io.visionstream.trainer.arch.Layers.concat;
import static io.visionstream.trainer.arch.Layers.conv;
import static io.visionstream.trainer.arch.Layers.convNoBias;
import static io.visionstream.trainer.arch.Layers.dense;
import static io.visionstream.trainer.arch.Layers.dropout;
import static io.visionstream.trainer.arch.Layers.flatten;
import static io.visionstream.trainer.arch.Layers.globalAvgPool;
import static io.visionstream.trainer.arch.Layers.maxPool;
import static io.visionstream.trainer.arch.Layers.named;
import static io.visionstream.trainer.arch.Layers.relu;
import static io.visionstream.trainer.arch.Layers.scaledResidual;
import static io.visionstream.trainer.arch.Layers.seq;

/**
 * The Inception family for the {@link Zoo}, kept together because its members share their building blocks (conv +
 * batch-norm + ReLU units, factorised 1xn/nx1 convolutions, the stem, reduction blocks). GoogLeNet and Inception v3
 * follow torchvision; Inception v4 and Inception-ResNet v2 (Szegedy et al. 2016, "Inception-v4, Inception-ResNet and
 * the Impact of Residual Connections") follow timm's ports of Google's TensorFlow models, whose parameter counts they
 * equal at 299x299x3 and 1000 classes.
 */
final class InceptionNets {

    private static final double BN_EPS = 0.001;

    private InceptionNets() {
    }

    // ---- shared blocks -----------------------------------------------------------------------------------------

    /** conv (no bias) + batch-norm (eps 0.001) + ReLU: torchvision's and timm's BasicConv2d. */
    private static LayerSpec basic(int filters, int kernel, int stride, int padding) {
        return seq(convNoBias(filters, kernel, stride, padding), batchNorm(BN_EPS), relu());
    }

    /** A factorised 1 x n unit, padded to keep the size. */
    private static LayerSpec oneByN(int filters, int n) {
        return seq(Layers.convNoBias(filters, new Size2(1, n), new Size2(0, n / 2), 1), batchNorm(BN_EPS), relu());
    }

    /** A factorised n x 1 unit, padded to keep the size. */
    private static LayerSpec nByOne(int filters, int n) {
        return seq(Layers.convNoBias(filters, new Size2(n, 1), new Size2(n / 2, 0), 1), batchNorm(BN_EPS), relu());
    }

    /** 1x3 and 3x1 applied side by side and concatenated (the expanded filter banks of the 8x8 grid). */
    private static LayerSpec splitOneByThree(int filters) {
        return concat(oneByN(filters, 3), nByOne(filters, 3));
    }

    /** 3x3 average pool (stride 1, padded) then a 1x1 unit; torchvision's v3 counts padded zeros, timm's v4 does not. */
    private static LayerSpec poolBranch(int filters, boolean countIncludePad) {
        return seq(avgPool(3, 1, 1, countIncludePad), basic(filters, 1, 1, 0));
    }

    /** The first three 3x3 units every 299 px Inception starts with: 3 -> 32 (stride 2) -> 32 -> 64. */
    private static List<LayerSpec> stemConvs() {
        return List.of(basic(32, 3, 2, 0), basic(32, 3, 1, 0), basic(64, 3, 1, 1));
    }

    /** Inception v3's stem, which Inception-ResNet v2 shares: 299 px in, 192 x 35 x 35 out. */
    private static List<LayerSpec> v3Stem() {
        List<LayerSpec> stem = new ArrayList<>(stemConvs());
        stem.addAll(List.of(maxPool(3, 2), basic(80, 1, 1, 0), basic(192, 3, 1, 0), maxPool(3, 2)));
        return stem;
    }

    /** 35x35 module with a 5x5 branch: v3's InceptionA (64 wide first branch) and Inception-ResNet's Mixed_5b (96). */
    private static LayerSpec inceptionA5x5(int first, int poolFeatures, boolean countIncludePad) {
        return concat(basic(first, 1, 1, 0), seq(basic(48, 1, 1, 0), basic(64, 5, 1, 2)),
                seq(basic(64, 1, 1, 0), basic(96, 3, 1, 1), basic(96, 3, 1, 1)), poolBranch(poolFeatures, countIncludePad));
    }

    /**
     * 35x35 -> 17x17 reduction, the paper's Reduction-A with filter banks k, l, m, n: a strided 3x3 (n), a 1x1 (k) +
     * 3x3 (l) + strided 3x3 (m) tower, and a strided max-pool. Inception v3's InceptionB is the same block.
     */
    private static LayerSpec reductionA(int k, int l, int m, int n) {
        return concat(basic(n, 3, 2, 0), seq(basic(k, 1, 1, 0), basic(l, 3, 1, 1), basic(m, 3, 2, 0)), maxPool(3, 2));
    }

    /** Global average pool, dropout (the paper keeps 0.8) and the classifier. */
    private static LayerSpec head(int classes, double dropoutRate) {
        return named("head", globalAvgPool(), flatten(), dropout(dropoutRate), dense(classes));
    }

    /** {@code times} fresh copies of a block (a stage of identical modules). */
    private static List<LayerSpec> repeat(int times, Supplier<LayerSpec> block) {
        List<LayerSpec> blocks = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            blocks.add(block.get());
        }
        return blocks;
    }

    // ---- GoogLeNet (Inception v1) ------------------------------------------------------------------------------

    static LayerSpec googlenet(int classes) {
        return seq(basic(64, 7, 2, 3), maxPool(3, 2, 0, true), basic(64, 1, 1, 0), basic(192, 3, 1, 1), maxPool(3, 2, 0, true),
                inceptionV1(64, 96, 128, 16, 32, 32), inceptionV1(128, 128, 192, 32, 96, 64), maxPool(3, 2, 0, true),
                inceptionV1(192, 96, 208, 16, 48, 64), inceptionV1(160, 112, 224, 24, 64, 64), inceptionV1(128, 128, 256, 24, 64, 64),
                inceptionV1(112, 144, 288, 32, 64, 64), inceptionV1(256, 160, 320, 32, 128, 128), maxPool(2, 2, 0, true),
                inceptionV1(256, 160, 320, 32, 128, 128), inceptionV1(384, 192, 384, 48, 128, 128),
                globalAvgPool(), flatten(), dropout(0.2), dense(classes));
    }

    /** Inception v1 module; torchvision uses a 3x3 (not 5x5) conv in the third branch, and so do we. */
    private static LayerSpec inceptionV1(int c1, int c3reduce, int c3, int c5reduce, int c5, int poolProj) {
        return concat(basic(c1, 1, 1, 0), seq(basic(c3reduce, 1, 1, 0), basic(c3, 3, 1, 1)),
                seq(basic(c5reduce, 1, 1, 0), basic(c5, 3, 1, 1)), seq(maxPool(3, 1, 1, true), basic(poolProj, 1, 1, 0)));
    }

    // ---- Inception v3 (torchvision) ----------------------------------------------------------------------------

    static LayerSpec inceptionV3(int classes) {
        List<LayerSpec> layers = new ArrayList<>(v3Stem());
        layers.addAll(List.of(inceptionA5x5(64, 32, true), inceptionA5x5(64, 64, true), inceptionA5x5(64, 64, true),
                reductionA(64, 96, 96, 384),
                v3InceptionC(128), v3InceptionC(160), v3InceptionC(160), v3InceptionC(192),
                Layers.auxHead(seq(avgPool(5, 3), basic(128, 1, 1, 0), basic(768, 5, 1, 0), globalAvgPool(), flatten(), dense(classes))),
                v3InceptionD(), v3InceptionE(), v3InceptionE(),
                globalAvgPool(), flatten(), dropout(0.5), dense(classes)));
        return seq(layers);
    }

    private static LayerSpec v3InceptionC(int c7) {
        return concat(basic(192, 1, 1, 0),
                seq(basic(c7, 1, 1, 0), oneByN(c7, 7), nByOne(192, 7)),
                seq(basic(c7, 1, 1, 0), nByOne(c7, 7), oneByN(c7, 7), nByOne(c7, 7), oneByN(192, 7)),
                poolBranch(192, true));
    }

    private static LayerSpec v3InceptionD() {
        return concat(seq(basic(192, 1, 1, 0), basic(320, 3, 2, 0)),
                seq(basic(192, 1, 1, 0), oneByN(192, 7), nByOne(192, 7), basic(192, 3, 2, 0)),
                maxPool(3, 2));
    }

    private static LayerSpec v3InceptionE() {
        return concat(basic(320, 1, 1, 0), seq(basic(384, 1, 1, 0), splitOneByThree(384)),
                seq(basic(448, 1, 1, 0), basic(384, 3, 1, 1), splitOneByThree(384)), poolBranch(192, true));
    }

    // ---- Inception v4 (timm) -----------------------------------------------------------------------------------

    /** Stem to 384 x 35 x 35, then 4 x Inception-A, Reduction-A, 7 x Inception-B, Reduction-B, 3 x Inception-C. */
    static LayerSpec inceptionV4(int classes) {
        List<LayerSpec> stem = new ArrayList<>(stemConvs());
        stem.add(concat(maxPool(3, 2), basic(96, 3, 2, 0)));
        stem.add(concat(seq(basic(64, 1, 1, 0), basic(96, 3, 1, 0)),
                seq(basic(64, 1, 1, 0), oneByN(64, 7), nByOne(64, 7), basic(96, 3, 1, 0))));
        stem.add(concat(basic(192, 3, 2, 0), maxPool(3, 2)));
        return seq(named("stem", stem),
                named("inceptionA", repeat(4, InceptionNets::v4InceptionA)),
                named("reductionA", reductionA(192, 224, 256, 384)),
                named("inceptionB", repeat(7, InceptionNets::v4InceptionB)),
                named("reductionB", v4ReductionB()),
                named("inceptionC", repeat(3, InceptionNets::v4InceptionC)),
                head(classes, 0.2));
    }

    private static LayerSpec v4InceptionA() {
        return concat(basic(96, 1, 1, 0), seq(basic(64, 1, 1, 0), basic(96, 3, 1, 1)),
                seq(basic(64, 1, 1, 0), basic(96, 3, 1, 1), basic(96, 3, 1, 1)), poolBranch(96, false));
    }

    private static LayerSpec v4InceptionB() {
        return concat(basic(384, 1, 1, 0),
                seq(basic(192, 1, 1, 0), oneByN(224, 7), nByOne(256, 7)),
                seq(basic(192, 1, 1, 0), nByOne(192, 7), oneByN(224, 7), nByOne(224, 7), oneByN(256, 7)),
                poolBranch(128, false));
    }

    private static LayerSpec v4ReductionB() {
        return concat(seq(basic(192, 1, 1, 0), basic(192, 3, 2, 0)),
                seq(basic(256, 1, 1, 0), oneByN(256, 7), nByOne(320, 7), basic(320, 3, 2, 0)),
                maxPool(3, 2));
    }

    private static LayerSpec v4InceptionC() {
        return concat(basic(256, 1, 1, 0), seq(basic(384, 1, 1, 0), splitOneByThree(256)),
                seq(basic(384, 1, 1, 0), nByOne(448, 3), oneByN(512, 3), splitOneByThree(256)), poolBranch(256, false));
    }

    // ---- Inception-ResNet v2 (timm) ----------------------------------------------------------------------------

    /**
     * v3's stem and Mixed_5b to 320 x 35 x 35, then 10 x Block35 (scale 0.17), Mixed_6a, 20 x Block17 (0.10),
     * Mixed_7a, 9 x Block8 (0.20) and a last Block8 (scale 1, no ReLU), a 1x1 unit to 1536 channels and the head.
     */
    static LayerSpec inceptionResNetV2(int classes) {
        List<LayerSpec> block8 = new ArrayList<>(repeat(9, () -> block8(0.20, true)));
        block8.add(block8(1.0, false));
        return seq(named("stem", v3Stem()),
                named("mixed5b", inceptionA5x5(96, 64, false)),
                named("block35", repeat(10, InceptionNets::block35)),
                named("mixed6a", reductionA(256, 256, 384, 384)),
                named("block17", repeat(20, InceptionNets::block17)),
                named("mixed7a", mixed7a()),
                named("block8", block8),
                named("conv7b", basic(1536, 1, 1, 0)),
                head(classes, 0.2));
    }

    /** {@code relu?(x + scale * conv1x1(concat(branches)))}: the 1x1 up-projection has a bias and no batch-norm. */
    private static LayerSpec inceptionResidual(LayerSpec branches, int channels, double scale, boolean relu) {
        return scaledResidual(seq(branches, conv(channels, 1, 1, 0)), scale, relu ? relu() : null);
    }

    private static LayerSpec block35() {
        return inceptionResidual(concat(basic(32, 1, 1, 0), seq(basic(32, 1, 1, 0), basic(32, 3, 1, 1)),
                seq(basic(32, 1, 1, 0), basic(48, 3, 1, 1), basic(64, 3, 1, 1))), 320, 0.17, true);
    }

    private static LayerSpec block17() {
        return inceptionResidual(concat(basic(192, 1, 1, 0), seq(basic(128, 1, 1, 0), oneByN(160, 7), nByOne(192, 7))),
                1088, 0.10, true);
    }

    private static LayerSpec block8(double scale, boolean relu) {
        return inceptionResidual(concat(basic(192, 1, 1, 0), seq(basic(192, 1, 1, 0), oneByN(224, 3), nByOne(256, 3))),
                2080, scale, relu);
    }

    private static LayerSpec mixed7a() {
        return concat(seq(basic(256, 1, 1, 0), basic(384, 3, 2, 0)), seq(basic(256, 1, 1, 0), basic(288, 3, 2, 0)),
                seq(basic(256, 1, 1, 0), basic(288, 3, 1, 1), basic(320, 3, 2, 0)), maxPool(3, 2));
    }
}
