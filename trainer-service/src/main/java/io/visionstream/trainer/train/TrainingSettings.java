package io.visionstream.trainer.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that defines a training run. Defaults follow the seeds' Fashion-MNIST notebooks: Adam, learning rate
 * 0.001, batch 256, 80/20 train/validation split of the training set, seed 42.
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
 */
public record TrainingSettings(String arch, io.visionstream.trainer.arch.LayerSpec network, String dataset, int epochs, int batchSize, double lr, String optimizer,
                               double momentum, boolean nesterov, double weightDecay, String schedule, int stepEpochs, double gamma, int warmupEpochs,
                               double valFraction, long seed, int limitTrain, int patience, int inputSize, String augment,
                               java.util.List<Integer> milestones, double labelSmoothing, Path initFrom, String freeze, Path out,
                               Path dataDir, Path localData, boolean resume) {

    public TrainingSettings {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(dataDir, "dataDir");
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        augment = augment == null || augment.isBlank() ? "none" : augment.toLowerCase(Locale.ROOT);
        schedule = schedule.toLowerCase(Locale.ROOT);
        Augmenter.Options.parse(augment);
        require(epochs >= 1, "epochs", "must be >= 1, was " + epochs);
        require(batchSize >= 1, "batchSize", "must be >= 1, was " + batchSize);
        require(lr > 0, "lr", "must be > 0, was " + lr);
        require(java.util.Set.of("adam", "adamw", "sgd").contains(optimizer), "optimizer",
                "must be adam, adamw or sgd, was '" + optimizer + "'");
        require(java.util.Set.of("fixed", "step", "multistep", "plateau", "cosine").contains(schedule), "schedule",
                "must be fixed, step, multistep, plateau or cosine, was '" + schedule + "'");
        require(momentum >= 0 && momentum < 1, "momentum", "must be within [0, 1), was " + momentum);
        require(!nesterov || optimizer.equals("sgd") && momentum > 0, "nesterov", "needs optimizer sgd with a momentum > 0");
        milestones = milestones == null ? java.util.List.of() : java.util.List.copyOf(milestones);
        require(!schedule.equals("multistep") || !milestones.isEmpty(), "milestones", "are needed by the multistep schedule (e.g. 5,8)");
        require(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing", "must be within [0, 1), was " + labelSmoothing);
        freeze = freeze == null || freeze.isBlank() ? "none" : freeze.toLowerCase(Locale.ROOT);
        require(freeze.equals("none") || freeze.equals("all-but-classifier"), "freeze", "must be none or all-but-classifier, was '" + freeze + "'");
        require(freeze.equals("none") || initFrom != null, "freeze", "needs initFrom: freezing fresh random weights makes no sense");
        require(valFraction >= 0 && valFraction < 1, "valFraction", "must be within [0, 1), was " + valFraction);
        require(limitTrain >= 0, "limitTrain", "must be >= 0, was " + limitTrain);
        require(stepEpochs >= 1, "stepEpochs", "must be >= 1, was " + stepEpochs);
        require(inputSize >= 0, "inputSize", "must be >= 0 (0 = the data set's size), was " + inputSize);
    }

    /**
     * The settings a run in {@code dir} was trained with, set to resume it there and train up to {@code epochs}
     * (0 = as many as it was set to).
     */
    public static TrainingSettings resuming(Path dir, int epochs) {
        TrainingSettings s = RunState.read(dir).settings();
        return new TrainingSettings(s.arch(), s.network(), s.dataset(), epochs > 0 ? epochs : s.epochs(), s.batchSize(), s.lr(), s.optimizer(),
                s.momentum(), s.nesterov(), s.weightDecay(), s.schedule(), s.stepEpochs(), s.gamma(), s.warmupEpochs(), s.valFraction(),
                s.seed(), s.limitTrain(), s.patience(), s.inputSize(), s.augment(), s.milestones(), s.labelSmoothing(), s.initFrom(),
                s.freeze(), dir, s.dataDir(), s.localData(), true);
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new IllegalArgumentException(field + " " + message);
        }
    }
}
