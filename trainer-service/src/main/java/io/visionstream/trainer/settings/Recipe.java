package io.visionstream.trainer.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.visionstream.trainer.arch.Zoo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A published way to train each zoo network, so a user can reproduce a reference setting with one option instead of
 * fifteen (issue #16). Options given besides a recipe override what it fills ({@link TrainingSettingsBuilder#optRecipe}).
 * The settings are data: one table below.
 * <ul>
 * <li>{@code d2l}: d2l.ai's Fashion-MNIST setting per chapter, as its (pre-1.0, 0.17) notebooks train: plain SGD,
 *     10 epochs, fixed rate, and each chapter's rate, batch and resize; VGG at a quarter of the width (d2l's
 *     {@code ratio = 4}). d2l's LeNet is {@code lenet5-classic} (sigmoid, 0.9); {@code lenet5}, its ReLU and max-pool
 *     variant (a d2l exercise), takes d2l 1.0's LeNet rate, 0.1: at 0.9 it diverged to chance (measured with the zoo
 *     benchmark). d2l has one Inception chapter (GoogLeNet), whose setting the later Inceptions take; it has no
 *     chapter for DenseNet-121 and takes its DenseNet's. d2l 1.0 changed several rates and batches (e.g. LeNet 0.1,
 *     batch 128).</li>
 * <li>{@code paper}: the papers' ImageNet optimisation at the papers' input size: AlexNet (Krizhevsky et al. 2012) and
 *     VGG (Simonyan and Zisserman 2015) SGD momentum 0.9, weight decay 5e-4, rate 0.01; Inception v3 (Szegedy et al.
 *     2016) RMSProp ({@link io.visionstream.trainer.optim.RmsPropOptimizer}; momentum 0.9 as TensorFlow's Inception training used) at 0.045 decayed
 *     x0.94 every 2 epochs, batch 32, 100 epochs, label smoothing 0.1 (its auxiliary head's loss weight, 0.3, is the
 *     zoo spec's); ResNet (He et al. 2016) SGD momentum 0.9, weight decay 1e-4, rate 0.1, batch 256; DenseNet (Huang et
 *     al. 2017) SGD Nesterov momentum 0.9, weight decay 1e-4, rate 0.1, batch 256, x0.1 at epochs 30 and 60 of 90.
 *     Where AlexNet's, VGG's and ResNet's papers lowered the rate by hand when validation error stalled, the schedule is
 *     torchvision's reference scripts' (x0.1 every 30 of 90 epochs). The other networks take d2l's setting.</li>
 * <li>{@code modern}: d2l's input size, batch, epochs and width per network, optimised as current recipes do:
 *     AdamW at 0.001 with weight decay 0.05, cosine decay after 1 epoch of linear warm-up, label smoothing 0.1, random
 *     flips and shifted crops.</li>
 * </ul>
 */
public enum Recipe {
    D2L, PAPER, MODERN;

    /** The settings a recipe fills for one network. */
    record Values(OptimizerKind optimizer, double lr, double momentum, boolean nesterov, double weightDecay, ScheduleKind schedule,
                  int stepEpochs, double gamma, List<Integer> milestones, int warmupEpochs, int epochs, int inputSize, int batchSize,
                  double labelSmoothing, String augment, int widthDivisor) {
    }

    private static final Map<String, Values> D2L_ROWS = new HashMap<>();
    private static final Map<String, Values> PAPER_ROWS = new HashMap<>();

    static {
        // d2l(lr, input size, batch, width divisor)
        rows(D2L_ROWS, d2l(0.9, 28, 256, 1), "lenet5-classic");
        rows(D2L_ROWS, d2l(0.1, 28, 256, 1), "lenet5");
        rows(D2L_ROWS, d2l(1.0, 28, 256, 1), "bn-lenet");
        rows(D2L_ROWS, d2l(0.01, 224, 128, 1), "alexnet", "alexnet-paper");
        rows(D2L_ROWS, d2l(0.05, 224, 128, 4), "vgg11", "vgg13", "vgg16", "vgg19");
        rows(D2L_ROWS, d2l(0.1, 224, 128, 1), "nin");
        rows(D2L_ROWS, d2l(0.1, 96, 128, 1), "googlenet", "inception-v3", "inception-v4", "inception-resnet-v2");
        rows(D2L_ROWS, d2l(0.05, 96, 256, 1), "resnet18", "resnet34", "resnet50", "resnet101", "resnet152");
        rows(D2L_ROWS, d2l(0.1, 96, 256, 1), "densenet121", "densenet-small");

        rows(PAPER_ROWS, new Values(OptimizerKind.SGD, 0.01, 0.9, false, 5e-4, ScheduleKind.STEP, 30, 0.1, List.of(), 0, 90, 224, 128, 0, "none", 1),
                "alexnet", "alexnet-paper");
        rows(PAPER_ROWS, new Values(OptimizerKind.SGD, 0.01, 0.9, false, 5e-4, ScheduleKind.STEP, 30, 0.1, List.of(), 0, 90, 224, 256, 0, "none", 1),
                "vgg11", "vgg13", "vgg16", "vgg19");
        rows(PAPER_ROWS, new Values(OptimizerKind.RMSPROP, 0.045, 0.9, false, 0, ScheduleKind.STEP, 2, 0.94, List.of(), 0, 100, 299, 32, 0.1, "none", 1),
                "inception-v3");
        rows(PAPER_ROWS, new Values(OptimizerKind.SGD, 0.1, 0.9, false, 1e-4, ScheduleKind.STEP, 30, 0.1, List.of(), 0, 90, 224, 256, 0, "none", 1),
                "resnet18", "resnet34", "resnet50", "resnet101", "resnet152");
        rows(PAPER_ROWS, new Values(OptimizerKind.SGD, 0.1, 0.9, true, 1e-4, ScheduleKind.MULTISTEP, 30, 0.1, List.of(30, 60), 0, 90, 224, 256, 0,
                "none", 1), "densenet121", "densenet-small");
    }

    /** d2l's setting: plain SGD at a fixed rate for 10 epochs. */
    private static Values d2l(double lr, int inputSize, int batchSize, int widthDivisor) {
        return new Values(OptimizerKind.SGD, lr, 0, false, 0, ScheduleKind.FIXED, 10, 0.1, List.of(), 0, 10, inputSize, batchSize, 0, "none",
                widthDivisor);
    }

    private static void rows(Map<String, Values> table, Values values, String... archs) {
        for (String arch : archs) {
            table.put(arch, values);
        }
    }

    /** d2l's input side for the zoo network {@code arch} (what the {@code d2l} and {@code modern} recipes train at). */
    public static int d2lInputSize(String arch) {
        return D2L.values(arch).inputSize();
    }

    /** d2l's width divisor for the zoo network {@code arch} (4 for VGG, else 1). */
    public static int d2lWidthDivisor(String arch) {
        return D2L.values(arch).widthDivisor();
    }

    /** The name the CLI, REST and run files use. */
    @JsonValue
    public String wireName() {
        return SettingNames.of(this);
    }

    /** Parses a wire name (any case); an unknown one fails naming the field {@code recipe} and the accepted values. */
    @JsonCreator
    public static Recipe parse(String name) {
        return SettingNames.parse(Recipe.class, Setting.RECIPE, name);
    }

    /** This recipe's settings for the zoo network {@code arch}; fails naming the field {@code recipe} for any other name. */
    Values values(String arch) {
        Values d2l = D2L_ROWS.get(arch);
        if (d2l == null) {
            throw new InvalidSettingException(Setting.RECIPE, "recipe " + wireName() + " has settings for the zoo networks " + Zoo.names()
                    + ", not '" + arch + "'");
        }
        return switch (this) {
            case D2L -> d2l;
            case PAPER -> PAPER_ROWS.getOrDefault(arch, d2l);
            case MODERN -> new Values(OptimizerKind.ADAMW, 0.001, 0, false, 0.05, ScheduleKind.COSINE, d2l.stepEpochs(), d2l.gamma(), List.of(), 1,
                    d2l.epochs(), d2l.inputSize(), d2l.batchSize(), 0.1, "flip,crop", d2l.widthDivisor());
        };
    }
}
