package io.visionstream.trainer.train;

import io.visionstream.trainer.arch.LayerSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that defines a training run, as recorded in {@code summary.json} and {@code resume.json} and shown by the
 * REST API. Built with {@link #builder()}, whose defaults are the one set the CLI and REST share; they follow the seeds'
 * Fashion-MNIST notebooks: Adam, learning rate 0.001, batch 256, 80/20 train/validation split of the training set, seed 42.
 * A {@link Recipe} replaces them with a published setting for the network.
 * (About 300 lines: the builder has one short method per setting.)
 *
 * @param network      a custom layer tree trained under the name {@code arch}; null = the zoo network {@code arch}
 * @param limitTrain   use only the first N (shuffled, stratified) training images; 0 = all
 * @param schedule     {@code fixed}, {@code step} (x gamma every stepEpochs, the AlexNet /10), {@code multistep}
 *                     (x gamma at each of {@code milestones}), {@code plateau} (x gamma after stepEpochs epochs
 *                     without a better validation accuracy) or {@code cosine}; all with {@code warmupEpochs} of
 *                     linear warm-up
 * @param labelSmoothing share of the target probability spread over all classes (Inception v3 uses 0.1)
 * @param initFrom     fine-tune: start from the weights of an earlier run or registry version of the same network
 *                     (a directory holding {@code best.params} or {@code checkpoint.params}); null = fresh weights
 * @param freeze       {@code none} or {@code all-but-classifier} (train only the last dense layer, as the seeds'
 *                     Inception-v3 transfer learning does)
 * @param patience     stop after this many epochs without a better validation accuracy; 0 = never
 * @param momentum     SGD's momentum factor (ignored by Adam/AdamW)
 * @param nesterov     SGD with Nesterov momentum ({@link MomentumSgd}, PyTorch's {@code nesterov=True})
 * @param resume       continue the interrupted or finished run in {@code out} from its last epoch ({@link RunState}):
 *                     weights, SGD momentum, epoch counter, schedule position, best-so-far and curves; {@code epochs}
 *                     may be raised to train longer
 * @param augment      training-only augmentation: {@code none} or a list of {@code flip}, {@code crop},
 *                     {@code resized-crop}, {@code jitter} (strength 0.4) or {@code jitter:S} (see {@link Augmenter})
 * @param widthDivisor a zoo network's conv widths divided by this where the zoo allows it (AlexNet, VGG: d2l trains
 *                     VGG at a quarter width); 1 = the network as designed
 * @param recipe       the {@link Recipe} that filled the settings not given explicitly; null = none (the defaults)
 */
public record TrainingSettings(String arch, LayerSpec network, String dataset, int epochs, int batchSize, double lr, OptimizerKind optimizer,
                               double momentum, boolean nesterov, double weightDecay, ScheduleKind schedule, int stepEpochs, double gamma,
                               int warmupEpochs, double valFraction, long seed, int limitTrain, int patience, int inputSize, String augment,
                               List<Integer> milestones, double labelSmoothing, Path initFrom, FreezePolicy freeze, Path out,
                               Path dataDir, Path localData, boolean resume, int widthDivisor, Recipe recipe) {

    public TrainingSettings {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(dataDir, "dataDir");
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
    }

    /** A builder with the defaults; {@code set} the arch, data set, run directory and data directory, {@code opt} the rest. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings a run in {@code dir} was trained with, set to resume it there and train up to {@code epochs}
     * (0 = as many as it was set to).
     */
    public static TrainingSettings resuming(Path dir, int epochs) {
        TrainingSettings s = RunState.read(dir).settings();
        return builder().setArch(s.arch).optNetwork(s.network).setDataset(s.dataset).optEpochs(epochs > 0 ? epochs : s.epochs)
                .optBatchSize(s.batchSize).optLr(s.lr).optOptimizer(s.optimizer).optMomentum(s.momentum).optNesterov(s.nesterov)
                .optWeightDecay(s.weightDecay).optSchedule(s.schedule).optStepEpochs(s.stepEpochs).optGamma(s.gamma)
                .optWarmupEpochs(s.warmupEpochs).optValFraction(s.valFraction).optSeed(s.seed).optLimitTrain(s.limitTrain)
                .optPatience(s.patience).optInputSize(s.inputSize).optAugment(s.augment).optMilestones(s.milestones)
                .optLabelSmoothing(s.labelSmoothing).optInitFrom(s.initFrom).optFreeze(s.freeze).setOut(dir).setDataDir(s.dataDir)
                .optLocalData(s.localData).optResume(true)
                .optWidthDivisor(Math.max(1, s.widthDivisor)) // runs recorded before the setting existed have none: 1
                .optRecipeName(s.recipe).build();
    }

    /**
     * Collects settings in DJL's style ({@code setXxx} required, {@code optXxx} optional with the default given) and
     * validates them in {@link #build()}, failing with a message that starts with the field's name.
     */
    public static final class Builder {
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

        private Builder() {
        }

        /**
         * Fills the optimiser, learning rate, schedule, epochs, input size, batch size, label smoothing, augmentation,
         * weight decay, momentum and width with the recipe's settings for the {@link #setArch arch} set before; options set
         * after this call override the recipe's. Default: none (the defaults given here).
         */
        public Builder optRecipe(Recipe recipe) {
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

        /** Records the recipe a resumed run was filled by, without filling anything: its settings are the run's own. */
        private Builder optRecipeName(Recipe recipe) {
            this.recipe = recipe;
            return this;
        }

        /** Default 1 (the network as designed). */
        public Builder optWidthDivisor(int widthDivisor) {
            this.widthDivisor = widthDivisor;
            return this;
        }

        /** The zoo network, or the name a custom {@link #optNetwork network} is trained under. */
        public Builder setArch(String arch) {
            this.arch = arch;
            return this;
        }

        /** A custom layer tree; default: none (the zoo network {@code arch}). */
        public Builder optNetwork(LayerSpec network) {
            this.network = network;
            return this;
        }

        /** The data set: {@code fashion-mnist}, {@code mnist}, {@code cifar-10} or {@code imagefolder:DIR}. */
        public Builder setDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /** Default 10. */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Default 256. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The base learning rate; default 0.001. */
        public Builder optLr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Default {@code adam}. */
        public Builder optOptimizer(OptimizerKind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Default 0.9. */
        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Default false. */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** Default 0. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Default {@code fixed}. */
        public Builder optSchedule(ScheduleKind schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Epochs per step of {@code step}, patience of {@code plateau}; default 10. */
        public Builder optStepEpochs(int stepEpochs) {
            this.stepEpochs = stepEpochs;
            return this;
        }

        /** The schedule's factor; default 0.1. */
        public Builder optGamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /** Default 0. */
        public Builder optWarmupEpochs(int warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        /** Default 0.2. */
        public Builder optValFraction(double valFraction) {
            this.valFraction = valFraction;
            return this;
        }

        /** Default 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Default 0 (all). */
        public Builder optLimitTrain(int limitTrain) {
            this.limitTrain = limitTrain;
            return this;
        }

        /** Default 0 (never stop early). */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** Default 0 (the data set's size). */
        public Builder optInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /** Default {@code none}; blank means {@code none}. */
        public Builder optAugment(String augment) {
            this.augment = augment;
            return this;
        }

        /** The epochs after which {@code multistep} multiplies by gamma; default none. */
        public Builder optMilestones(List<Integer> milestones) {
            this.milestones = milestones;
            return this;
        }

        /** Default 0. */
        public Builder optLabelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /** Default none (fresh weights). */
        public Builder optInitFrom(Path initFrom) {
            this.initFrom = initFrom;
            return this;
        }

        /** Default {@code none}. */
        public Builder optFreeze(FreezePolicy freeze) {
            this.freeze = freeze;
            return this;
        }

        /** The run directory. */
        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        /** Where named data sets are downloaded to and cached. */
        public Builder setDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** A local directory of data files used instead of downloading; default none. */
        public Builder optLocalData(Path localData) {
            this.localData = localData;
            return this;
        }

        /** Default false. */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** The settings; fails with an {@link IllegalArgumentException} whose message starts with the field that is wrong. */
        public TrainingSettings build() {
            String augmentation = augment == null || augment.isBlank() ? "none" : augment.toLowerCase(Locale.ROOT);
            Augmenter.Options.parse(augmentation);
            require(epochs >= 1, "epochs", "must be >= 1, was " + epochs);
            require(batchSize >= 1, "batchSize", "must be >= 1, was " + batchSize);
            require(lr > 0, "lr", "must be > 0, was " + lr);
            require(momentum >= 0 && momentum < 1, "momentum", "must be within [0, 1), was " + momentum);
            require(!nesterov || optimizer == OptimizerKind.SGD && momentum > 0, "nesterov", "needs optimizer sgd with a momentum > 0");
            require(schedule != ScheduleKind.MULTISTEP || milestones != null && !milestones.isEmpty(), "milestones",
                    "are needed by the multistep schedule (e.g. 5,8)");
            require(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing", "must be within [0, 1), was " + labelSmoothing);
            require(freeze == FreezePolicy.NONE || initFrom != null, "freeze", "needs initFrom: freezing fresh random weights makes no sense");
            require(valFraction >= 0 && valFraction < 1, "valFraction", "must be within [0, 1), was " + valFraction);
            require(limitTrain >= 0, "limitTrain", "must be >= 0, was " + limitTrain);
            require(stepEpochs >= 1, "stepEpochs", "must be >= 1, was " + stepEpochs);
            require(inputSize >= 0, "inputSize", "must be >= 0 (0 = the data set's size), was " + inputSize);
            require(widthDivisor >= 1, "widthDivisor", "must be >= 1, was " + widthDivisor);
            return new TrainingSettings(arch, network, dataset, epochs, batchSize, lr, Objects.requireNonNull(optimizer, "optimizer"), momentum,
                    nesterov, weightDecay, Objects.requireNonNull(schedule, "schedule"), stepEpochs, gamma, warmupEpochs, valFraction, seed,
                    limitTrain, patience, inputSize, augmentation, milestones, labelSmoothing, initFrom, Objects.requireNonNull(freeze, "freeze"),
                    out, dataDir, localData, resume, widthDivisor, recipe);
        }

        private static void require(boolean condition, String field, String message) {
            if (!condition) {
                throw new IllegalArgumentException(field + " " + message);
            }
        }
    }
}
