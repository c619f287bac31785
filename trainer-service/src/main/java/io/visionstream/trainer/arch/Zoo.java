package io.visionstream.trainer.arch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.visionstream.trainer.arch.Layers.avgPool;
import static io.visionstream.trainer.arch.Layers.batchNorm;
import static io.visionstream.trainer.arch.Layers.concat;
import static io.visionstream.trainer.arch.Layers.conv;
import static io.visionstream.trainer.arch.Layers.convNoBias;
import static io.visionstream.trainer.arch.Layers.dense;
import static io.visionstream.trainer.arch.Layers.dropout;
import static io.visionstream.trainer.arch.Layers.flatten;
import static io.visionstream.trainer.arch.Layers.globalAvgPool;
import static io.visionstream.trainer.arch.Layers.identity;
import static io.visionstream.trainer.arch.Layers.lrn;
import static io.visionstream.trainer.arch.Layers.maxPool;
import static io.visionstream.trainer.arch.Layers.named;
import static io.visionstream.trainer.arch.Layers.relu;
import static io.visionstream.trainer.arch.Layers.residual;
import static io.visionstream.trainer.arch.Layers.seq;
import static io.visionstream.trainer.arch.Layers.sigmoid;

/**
 * The seed networks as specs, each parameterised by input channels, input size and number of classes, with the input
 * each was designed for. Layouts follow the papers as the seeds study them and, where named so, torchvision's or
 * timm's implementations exactly (at their standard input and 1000 classes their parameter counts equal those). The
 * Inception family lives in {@link InceptionNets}.
 */
public final class Zoo {

    /** Builds one network's layer tree. */
    @FunctionalInterface
    private interface Builder {
        LayerSpec build(int channels, int size, int classes, ZooOptions options);
    }

    /** The input a network was designed for: channels and square size in pixels. */
    public record Input(int channels, int size) {
    }

    private record Entry(String description, Input standardInput, InitScheme initScheme, ClassifierStart classifierStart, Builder builder) {
    }

    private static final Input GREY_28 = new Input(1, 28);
    private static final Input RGB_224 = new Input(3, 224);
    private static final Input RGB_299 = new Input(3, 299);
    private static final Map<String, Entry> NETWORKS = new LinkedHashMap<>();

    static {
        add("lenet5-classic", GREY_28, InitScheme.D2L_XAVIER, ClassifierStart.ZERO, "LeNet-5 as in the seeds: sigmoid, 2x2 average pooling", (c, s, k, o) -> lenet(s, k, true, false));
        add("lenet5", GREY_28, InitScheme.D2L_XAVIER, "LeNet-5 with ReLU and max pooling", (c, s, k, o) -> lenet(s, k, false, false));
        add("bn-lenet", GREY_28, InitScheme.D2L_XAVIER, ClassifierStart.ZERO, "LeNet-5 with batch-norm after every conv and dense layer (d2l)", (c, s, k, o) -> lenet(s, k, true, true));
        add("alexnet", RGB_224, InitScheme.PYTORCH_DEFAULT, "AlexNet, torchvision's single-GPU layout (64/192/384/256/256)", (c, s, k, o) -> alexnet(k, o));
        add("alexnet-paper", RGB_224, InitScheme.PYTORCH_DEFAULT, "AlexNet as in the paper: 96/256/384/384/256, LRN, dropout", (c, s, k, o) -> alexnetPaper(k, o));
        add("vgg11", RGB_224, InitScheme.VGG, "VGG-11 (configuration A)", (c, s, k, o) -> vgg(new int[] {1, 1, 2, 2, 2}, k, o));
        add("vgg13", RGB_224, InitScheme.VGG, "VGG-13 (configuration B)", (c, s, k, o) -> vgg(new int[] {2, 2, 2, 2, 2}, k, o));
        add("vgg16", RGB_224, InitScheme.VGG, "VGG-16 (configuration D)", (c, s, k, o) -> vgg(new int[] {2, 2, 3, 3, 3}, k, o));
        add("vgg19", RGB_224, InitScheme.VGG, "VGG-19 (configuration E)", (c, s, k, o) -> vgg(new int[] {2, 2, 4, 4, 4}, k, o));
        add("nin", RGB_224, InitScheme.D2L_XAVIER, "Network in Network (d2l): mlpconv blocks, global average pooling", (c, s, k, o) -> nin(k));
        add("googlenet", RGB_224, InitScheme.GOOGLENET, "GoogLeNet / Inception v1, torchvision's layout (batch-norm, no auxiliary heads)",
                (c, s, k, o) -> InceptionNets.googlenet(k));
        add("inception-v3", RGB_299, InitScheme.INCEPTION_V3, ClassifierStart.ZERO, "Inception v3: factorised 1xn/nx1 convolutions, auxiliary classifier (torchvision)",
                (c, s, k, o) -> InceptionNets.inceptionV3(k));
        add("inception-v4", RGB_299, InitScheme.PYTORCH_DEFAULT, "Inception v4: pure Inception, 4/7/3 Inception-A/B/C modules, Reduction-A/B (timm)",
                (c, s, k, o) -> InceptionNets.inceptionV4(k));
        add("inception-resnet-v2", RGB_299, InitScheme.PYTORCH_DEFAULT, "Inception-ResNet v2: Inception modules as scaled residual branches, 10/20/10 blocks (timm)",
                (c, s, k, o) -> InceptionNets.inceptionResNetV2(k));
        add("resnet18", RGB_224, InitScheme.RESNET, ClassifierStart.ZERO, "ResNet-18, basic blocks [2,2,2,2]", (c, s, k, o) -> resnet(new int[] {2, 2, 2, 2}, false, k, o));
        add("resnet34", RGB_224, InitScheme.RESNET, "ResNet-34, basic blocks [3,4,6,3]", (c, s, k, o) -> resnet(new int[] {3, 4, 6, 3}, false, k, o));
        add("resnet50", RGB_224, InitScheme.RESNET, ClassifierStart.ZERO, "ResNet-50, bottleneck blocks [3,4,6,3], x4 expansion", (c, s, k, o) -> resnet(new int[] {3, 4, 6, 3}, true, k, o));
        add("resnet101", RGB_224, InitScheme.RESNET, ClassifierStart.ZERO, "ResNet-101, bottleneck blocks [3,4,23,3]", (c, s, k, o) -> resnet(new int[] {3, 4, 23, 3}, true, k, o));
        add("resnet152", RGB_224, InitScheme.RESNET, "ResNet-152, bottleneck blocks [3,8,36,3]", (c, s, k, o) -> resnet(new int[] {3, 8, 36, 3}, true, k, o));
        add("densenet121", RGB_224, InitScheme.DENSENET, "DenseNet-121: blocks [6,12,24,16], growth 32, bottleneck x4, compression 0.5", (c, s, k, o) -> densenet121(k));
        add("densenet-small", RGB_224, InitScheme.D2L_XAVIER, ClassifierStart.ZERO, "d2l's DenseNet: 4 blocks of 4 layers, growth 32", (c, s, k, o) -> densenetSmall(k));
    }

    private Zoo() {
    }

    private static void add(String name, Input standardInput, InitScheme initScheme, String description, Builder builder) {
        add(name, standardInput, initScheme, ClassifierStart.REFERENCE, description, builder);
    }

    private static void add(String name, Input standardInput, InitScheme initScheme, ClassifierStart classifierStart, String description,
                            Builder builder) {
        NETWORKS.put(name, new Entry(description, standardInput, initScheme, classifierStart, builder));
    }

    public static Set<String> names() {
        return NETWORKS.keySet();
    }

    public static String description(String name) {
        return entry(name).description();
    }

    /** The input the named network was designed for (28 px grey for the LeNets, 299 px for the later Inceptions, else 224 px). */
    public static Input standardInput(String name) {
        return entry(name).standardInput();
    }

    /**
     * How the named network's reference implementation initialises it: torchvision's scheme for AlexNet, VGG,
     * GoogLeNet, Inception v3, ResNet and DenseNet-121, timm's (PyTorch's defaults) for Inception v4 and
     * Inception-ResNet v2, d2l's for the LeNets, NiN and d2l's small DenseNet.
     */
    public static InitScheme initScheme(String name) {
        return entry(name).initScheme();
    }

    /**
     * How the named network's classification layer starts: at zero ({@link ClassifierStart#ZERO}, a departure from the
     * reference) for {@code lenet5-classic}, {@code bn-lenet}, {@code inception-v3}, {@code resnet18}, {@code resnet50},
     * {@code resnet101} and {@code densenet-small}, whose references start off chance; as the reference for the others.
     */
    public static ClassifierStart classifierStart(String name) {
        return entry(name).classifierStart();
    }

    /** The named network for {@code channels x size x size} inputs and {@code classes} classes, shape-checked. */
    public static NetworkSpec build(String name, int channels, int size, int classes, ZooOptions options) {
        NetworkSpec spec = new NetworkSpec(name, channels, size, size, classes, entry(name).builder().build(channels, size, classes, options));
        NetworkAnalysis.of(spec);
        return spec;
    }

    /** The smallest square input (up to 512) at which the network is valid. */
    public static int smallestInput(String name, int channels, int classes) {
        for (int size = 1; size <= 512; size++) {
            try {
                build(name, channels, size, classes);
                return size;
            } catch (InvalidSpecException tooSmall) {
                // try the next size
            }
        }
        throw new IllegalArgumentException(name + " is not valid at any input up to 512 px");
    }

    public static NetworkSpec build(String name, int channels, int size, int classes) {
        return build(name, channels, size, classes, ZooOptions.defaults());
    }

    private static Entry entry(String name) {
        Entry entry = NETWORKS.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; the zoo has " + NETWORKS.keySet());
        }
        return entry;
    }

    // ---- LeNet -------------------------------------------------------------------------------------------------

    private static LayerSpec lenet(int size, int classes, boolean classic, boolean batchNorm) {
        int pad = Math.max(0, (32 - size) / 2); // the 5x5 first conv expects 32 px; pad smaller inputs (28 -> 2)
        List<LayerSpec> f = new ArrayList<>();
        f.add(conv(6, 5, 1, pad));
        addNormAct(f, classic, batchNorm);
        f.add(classic ? avgPool(2, 2) : maxPool(2, 2));
        f.add(conv(16, 5, 1, 0));
        addNormAct(f, classic, batchNorm);
        f.add(classic ? avgPool(2, 2) : maxPool(2, 2));
        List<LayerSpec> h = new ArrayList<>(List.of(flatten(), dense(120)));
        addNormAct(h, classic, batchNorm);
        h.add(dense(84));
        addNormAct(h, classic, batchNorm);
        h.add(dense(classes));
        return seq(named("features", f), named("classifier", h));
    }

    private static void addNormAct(List<LayerSpec> layers, boolean classic, boolean batchNorm) {
        if (batchNorm) {
            layers.add(batchNorm());
        }
        layers.add(classic ? sigmoid() : relu());
    }

    // ---- AlexNet -----------------------------------------------------------------------------------------------

    private static LayerSpec alexnet(int classes, ZooOptions o) {
        int d = o.widthDivisor();
        return seq(
                named("features", conv(64 / d, 11, 4, 2), relu(), maxPool(3, 2),
                        conv(192 / d, 5, 1, 2), relu(), maxPool(3, 2),
                        conv(384 / d, 3, 1, 1), relu(), conv(256 / d, 3, 1, 1), relu(), conv(256 / d, 3, 1, 1), relu(), maxPool(3, 2)),
                named("classifier", flatten(), dropout(0.5), dense(4096), relu(), dropout(0.5), dense(4096), relu(), dense(classes)));
    }

    private static LayerSpec alexnetPaper(int classes, ZooOptions o) {
        int d = o.widthDivisor();
        return seq(
                named("features", conv(96 / d, 11, 4, 2), relu(), lrn(), maxPool(3, 2),
                        conv(256 / d, 5, 1, 2), relu(), lrn(), maxPool(3, 2),
                        conv(384 / d, 3, 1, 1), relu(), conv(384 / d, 3, 1, 1), relu(), conv(256 / d, 3, 1, 1), relu(), maxPool(3, 2)),
                named("classifier", flatten(), dropout(0.5), dense(4096), relu(), dropout(0.5), dense(4096), relu(), dense(classes)));
    }

    // ---- VGG ---------------------------------------------------------------------------------------------------

    private static LayerSpec vgg(int[] convsPerStage, int classes, ZooOptions o) {
        int[] widths = {64, 128, 256, 512, 512};
        List<LayerSpec> features = new ArrayList<>();
        for (int stage = 0; stage < widths.length; stage++) {
            List<LayerSpec> block = new ArrayList<>();
            for (int i = 0; i < convsPerStage[stage]; i++) {
                block.add(conv(widths[stage] / o.widthDivisor(), 3, 1, 1));
                if (o.batchNorm()) {
                    block.add(batchNorm());
                }
                block.add(relu());
            }
            block.add(maxPool(2, 2));
            features.add(seq(block));
        }
        return seq(named("features", features),
                named("classifier", flatten(), dense(4096), relu(), dropout(0.5), dense(4096), relu(), dropout(0.5), dense(classes)));
    }

    // ---- NiN ---------------------------------------------------------------------------------------------------

    private static LayerSpec nin(int classes) {
        return seq(ninBlock(96, 11, 4, 0), maxPool(3, 2), ninBlock(256, 5, 1, 2), maxPool(3, 2), ninBlock(384, 3, 1, 1), maxPool(3, 2),
                dropout(0.5), ninBlock(classes, 3, 1, 1), globalAvgPool(), flatten());
    }

    private static LayerSpec ninBlock(int filters, int kernel, int stride, int padding) {
        return seq(conv(filters, kernel, stride, padding), relu(), conv(filters, 1, 1, 0), relu(), conv(filters, 1, 1, 0), relu());
    }

    // ---- ResNet ------------------------------------------------------------------------------------------------

    private static LayerSpec resnet(int[] blocks, boolean bottleneck, int classes, ZooOptions o) {
        List<LayerSpec> layers = new ArrayList<>();
        if (o.smallInputStem()) {
            layers.add(named("stem", convNoBias(64, 3, 1, 1), batchNorm(), relu()));
        } else {
            layers.add(named("stem", convNoBias(64, 7, 2, 3), batchNorm(), relu(), maxPool(3, 2, 1, false)));
        }
        int expansion = bottleneck ? 4 : 1;
        int inChannels = 64;
        for (int stage = 0; stage < blocks.length; stage++) {
            int width = 64 << stage;
            List<LayerSpec> stageBlocks = new ArrayList<>();
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = b == 0 && stage > 0 ? 2 : 1;
                int out = width * expansion;
                LayerSpec body = bottleneck
                        ? seq(convNoBias(width, 1, 1, 0), batchNorm(), relu(), convNoBias(width, 3, stride, 1), batchNorm(), relu(),
                                convNoBias(out, 1, 1, 0), batchNorm())
                        : seq(convNoBias(width, 3, stride, 1), batchNorm(), relu(), convNoBias(width, 3, 1, 1), batchNorm());
                LayerSpec projection = stride != 1 || inChannels != out ? seq(convNoBias(out, 1, stride, 0), batchNorm()) : null;
                stageBlocks.add(residual(body, projection, relu()));
                inChannels = out;
            }
            layers.add(named("layer" + (stage + 1), stageBlocks));
        }
        layers.add(named("head", globalAvgPool(), flatten(), dense(classes)));
        return seq(layers);
    }

    // ---- DenseNet ----------------------------------------------------------------------------------------------

    private static LayerSpec densenet121(int classes) {
        return densenet(new int[] {6, 12, 24, 16}, true, classes);
    }

    private static LayerSpec densenetSmall(int classes) {
        return densenet(new int[] {4, 4, 4, 4}, false, classes);
    }

    /**
     * DenseNet: growth 32, transitions halving channels. torchvision's layers are bottlenecks (BN-ReLU-1x1 conv to
     * 4 x growth, BN-ReLU-3x3 conv) without conv biases; d2l's small variant uses BN-ReLU-3x3 conv with biases.
     */
    private static LayerSpec densenet(int[] blocks, boolean bottleneck, int classes) {
        int growth = 32;
        int channels = 64;
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(named("stem", bottleneck ? convNoBias(channels, 7, 2, 3) : conv(channels, 7, 2, 3), batchNorm(), relu(),
                maxPool(3, 2, 1, false)));
        for (int i = 0; i < blocks.length; i++) {
            List<LayerSpec> block = new ArrayList<>();
            for (int l = 0; l < blocks[i]; l++) {
                LayerSpec newFeatures = bottleneck
                        ? seq(batchNorm(), relu(), convNoBias(4 * growth, 1, 1, 0), batchNorm(), relu(), convNoBias(growth, 3, 1, 1))
                        : seq(batchNorm(), relu(), conv(growth, 3, 1, 1));
                block.add(concat(identity(), newFeatures));
                channels += growth;
            }
            layers.add(named("block" + (i + 1), block));
            if (i < blocks.length - 1) {
                channels /= 2;
                layers.add(named("transition" + (i + 1), batchNorm(), relu(),
                        bottleneck ? convNoBias(channels, 1, 1, 0) : conv(channels, 1, 1, 0), avgPool(2, 2)));
            }
        }
        layers.add(named("head", batchNorm(), relu(), globalAvgPool(), flatten(), dense(classes)));
        return seq(layers);
    }
}
