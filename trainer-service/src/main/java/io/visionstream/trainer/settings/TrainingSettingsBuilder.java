package io.visionstream.trainer.settings;

import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.augment.Augmenter;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Collects settings in DJL's style ({@code setXxx} required, {@code optXxx} optional with the default given) and
 * validates them in {@link #build()}, failing with an {@link InvalidSettingException} that names the setting. One
 * set of defaults, shared by the CLI and REST.
 */
public final class TrainingSettingsBuilder {
    private String arch;
    private LayerSpec network;
    private String dataset;
    private int epochs = 10;
    private int batchSize = 256;
    private double lr = 0.001;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private double momentum = 0.9;
    private boolean nesterov;
    private double weightDecay;
    private ScheduleKind schedule = ScheduleKind.FIXED;
    private int stepEpochs = 10;
    private double gamma = 0.1;
    private int warmupEpochs;
    private double valFraction = 0.2;
    private long seed = 42;
    private int limitTrain;
    private int patience;
    private int inputSize;
    private String augment = "none";
    private List<Integer> milestones = List.of();
    private double labelSmoothing;
    private Path initFrom;
    private FreezePolicy freeze = FreezePolicy.NONE;
    private Path out;
    private Path dataDir;
    private Path localData;
    private boolean resume;
    private int widthDivisor = 1;
    private Recipe recipe;

    TrainingSettingsBuilder() {
    }

    /**
     * Fills the optimiser, learning rate, schedule, epochs, input size, batch size, label smoothing, augmentation,
     * weight decay, momentum and width with the recipe's settings for the {@link #setArch arch} set before; options set
     * after this call override the recipe's. Default: none (the defaults given here). Fails with an
     * {@link InvalidSettingException} for {@link Setting#RECIPE} when the arch is not a zoo network.
     */
    public TrainingSettingsBuilder optRecipe(Recipe recipe) {
        if (arch == null) {
            throw new IllegalStateException("set the arch before the recipe: a recipe's settings depend on the network");
        }
        Recipe.Values v = recipe.values(arch);
        this.recipe = recipe;
        return optOptimizer(v.optimizer()).optLr(v.lr()).optMomentum(v.momentum()).optNesterov(v.nesterov()).optWeightDecay(v.weightDecay())
                .optSchedule(v.schedule()).optStepEpochs(v.stepEpochs()).optGamma(v.gamma()).optMilestones(v.milestones())
                .optWarmupEpochs(v.warmupEpochs()).optEpochs(v.epochs()).optInputSize(v.inputSize()).optBatchSize(v.batchSize())
                .optLabelSmoothing(v.labelSmoothing()).optAugment(v.augment()).optWidthDivisor(v.widthDivisor());
    }

    /** Records the recipe recorded settings were filled by, without filling anything: the settings are already the run's own. */
    TrainingSettingsBuilder recordRecipe(Recipe recipe) {
        this.recipe = recipe;
        return this;
    }

    /** Default 1 (the network as designed). */
    public TrainingSettingsBuilder optWidthDivisor(int widthDivisor) {
        this.widthDivisor = widthDivisor;
        return this;
    }

    /** The zoo network, or the name a custom {@link #optNetwork network} is trained under. */
    public TrainingSettingsBuilder setArch(String arch) {
        this.arch = arch;
        return this;
    }

    /** A custom layer tree; default: none (the zoo network {@code arch}). */
    public TrainingSettingsBuilder optNetwork(LayerSpec network) {
        this.network = network;
        return this;
    }

    /** The data set: {@code fashion-mnist}, {@code mnist}, {@code cifar-10} or {@code imagefolder:DIR}. */
    public TrainingSettingsBuilder setDataset(String dataset) {
        this.dataset = dataset;
        return this;
    }

    /** Default 10. */
    public TrainingSettingsBuilder optEpochs(int epochs) {
        this.epochs = epochs;
        return this;
    }

    /** Default 256. */
    public TrainingSettingsBuilder optBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** The base learning rate; default 0.001. */
    public TrainingSettingsBuilder optLr(double lr) {
        this.lr = lr;
        return this;
    }

    /** Default {@code adam}. */
    public TrainingSettingsBuilder optOptimizer(OptimizerKind optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    /** Default 0.9. */
    public TrainingSettingsBuilder optMomentum(double momentum) {
        this.momentum = momentum;
        return this;
    }

    /** Default false. */
    public TrainingSettingsBuilder optNesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    /** Default 0. */
    public TrainingSettingsBuilder optWeightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
    }

    /** Default {@code fixed}. */
    public TrainingSettingsBuilder optSchedule(ScheduleKind schedule) {
        this.schedule = schedule;
        return this;
    }

    /** Epochs per step of {@code step}, patience of {@code plateau}; default 10. */
    public TrainingSettingsBuilder optStepEpochs(int stepEpochs) {
        this.stepEpochs = stepEpochs;
        return this;
    }

    /** The schedule's factor; default 0.1. */
    public TrainingSettingsBuilder optGamma(double gamma) {
        this.gamma = gamma;
        return this;
    }

    /** Default 0. */
    public TrainingSettingsBuilder optWarmupEpochs(int warmupEpochs) {
        this.warmupEpochs = warmupEpochs;
        return this;
    }

    /** Default 0.2. */
    public TrainingSettingsBuilder optValFraction(double valFraction) {
        this.valFraction = valFraction;
        return this;
    }

    /** Default 42. */
    public TrainingSettingsBuilder optSeed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Default 0 (all). */
    public TrainingSettingsBuilder optLimitTrain(int limitTrain) {
        this.limitTrain = limitTrain;
        return this;
    }

    /** Default 0 (never stop early). */
    public TrainingSettingsBuilder optPatience(int patience) {
        this.patience = patience;
        return this;
    }

    /** Default 0 (the data set's size). */
    public TrainingSettingsBuilder optInputSize(int inputSize) {
        this.inputSize = inputSize;
        return this;
    }

    /** Default {@code none}; blank means {@code none}. */
    public TrainingSettingsBuilder optAugment(String augment) {
        this.augment = augment;
        return this;
    }

    /** The epochs after which {@code multistep} multiplies by gamma; default none. */
    public TrainingSettingsBuilder optMilestones(List<Integer> milestones) {
        this.milestones = milestones;
        return this;
    }

    /** Default 0. */
    public TrainingSettingsBuilder optLabelSmoothing(double labelSmoothing) {
        this.labelSmoothing = labelSmoothing;
        return this;
    }

    /** Default none (fresh weights). */
    public TrainingSettingsBuilder optInitFrom(Path initFrom) {
        this.initFrom = initFrom;
        return this;
    }

    /** Default {@code none}. */
    public TrainingSettingsBuilder optFreeze(FreezePolicy freeze) {
        this.freeze = freeze;
        return this;
    }

    /** The run directory. */
    public TrainingSettingsBuilder setOut(Path out) {
        this.out = out;
        return this;
    }

    /** Where named data sets are downloaded to and cached. */
    public TrainingSettingsBuilder setDataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** A local directory of data files used instead of downloading; default none. */
    public TrainingSettingsBuilder optLocalData(Path localData) {
        this.localData = localData;
        return this;
    }

    /** Default false. */
    public TrainingSettingsBuilder optResume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** The settings; fails with an {@link InvalidSettingException} naming the setting that is wrong, first in its message. */
    public TrainingSettings build() {
        String augmentation = augment == null || augment.isBlank() ? "none" : augment.toLowerCase(Locale.ROOT);
        try {
            Augmenter.Options.parse(augmentation);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(Setting.AUGMENT, e.getMessage());
        }
        require(epochs >= 1, Setting.EPOCHS, "must be >= 1, was " + epochs);
        require(batchSize >= 1, Setting.BATCH_SIZE, "must be >= 1, was " + batchSize);
        require(lr > 0, Setting.LR, "must be > 0, was " + lr);
        require(momentum >= 0 && momentum < 1, Setting.MOMENTUM, "must be within [0, 1), was " + momentum);
        require(!nesterov || optimizer == OptimizerKind.SGD && momentum > 0, Setting.NESTEROV, "needs optimizer sgd with a momentum > 0");
        require(schedule != ScheduleKind.MULTISTEP || milestones != null && !milestones.isEmpty(), Setting.MILESTONES,
                "are needed by the multistep schedule (e.g. 5,8)");
        require(labelSmoothing >= 0 && labelSmoothing < 1, Setting.LABEL_SMOOTHING, "must be within [0, 1), was " + labelSmoothing);
        require(freeze == FreezePolicy.NONE || initFrom != null, Setting.FREEZE, "needs initFrom: freezing fresh random weights makes no sense");
        require(valFraction >= 0 && valFraction < 1, Setting.VAL_FRACTION, "must be within [0, 1), was " + valFraction);
        require(limitTrain >= 0, Setting.LIMIT_TRAIN, "must be >= 0, was " + limitTrain);
        require(stepEpochs >= 1, Setting.STEP_EPOCHS, "must be >= 1, was " + stepEpochs);
        require(inputSize >= 0, Setting.INPUT_SIZE, "must be >= 0 (0 = the data set's size), was " + inputSize);
        require(widthDivisor >= 1, Setting.WIDTH_DIVISOR, "must be >= 1, was " + widthDivisor);
        return new TrainingSettings(arch, network, dataset, epochs, batchSize, lr, Objects.requireNonNull(optimizer, "optimizer"), momentum,
                nesterov, weightDecay, Objects.requireNonNull(schedule, "schedule"), stepEpochs, gamma, warmupEpochs, valFraction, seed,
                limitTrain, patience, inputSize, augmentation, milestones, labelSmoothing, initFrom, Objects.requireNonNull(freeze, "freeze"),
                out, dataDir, localData, resume, widthDivisor, recipe);
    }

    private static void require(boolean condition, Setting setting, String message) {
        if (!condition) {
            throw new InvalidSettingException(setting, setting.field() + " " + message);
        }
    }
}
