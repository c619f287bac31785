package io.visionstream.trainer.settings;

import io.visionstream.trainer.arch.LayerSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines a training run, as recorded in {@code summary.json} and {@code resume.json} and shown by the
 * REST API. Built with {@link #builder()} ({@link TrainingSettingsBuilder}), whose defaults are the one set the CLI and
 * REST share; they follow the seeds' Fashion-MNIST notebooks: Adam, learning rate 0.001, batch 256, 80/20
 * train/validation split of the training set, seed 42. A {@link Recipe} replaces them with a published setting for the
 * network.
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
 * @param nesterov     SGD with Nesterov momentum ({@link io.visionstream.trainer.optim.MomentumSgd}, PyTorch's {@code nesterov=True})
 * @param resume       continue the interrupted or finished run in {@code out} from its last epoch ({@link io.visionstream.trainer.train.RunState}):
 *                     weights, SGD momentum, epoch counter, schedule position, best-so-far and curves; {@code epochs}
 *                     may be raised to train longer
 * @param augment      training-only augmentation: {@code none} or a list of {@code flip}, {@code crop},
 *                     {@code resized-crop}, {@code jitter} (strength 0.4) or {@code jitter:S} (see {@link io.visionstream.trainer.augment.Augmenter})
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
    public static TrainingSettingsBuilder builder() {
        return new TrainingSettingsBuilder();
    }

    /** A builder holding these settings, to change some of them (e.g. to resume a run with more epochs). */
    public TrainingSettingsBuilder toBuilder() {
        return builder().setArch(arch).optNetwork(network).setDataset(dataset).optEpochs(epochs).optBatchSize(batchSize).optLr(lr)
                .optOptimizer(optimizer).optMomentum(momentum).optNesterov(nesterov).optWeightDecay(weightDecay).optSchedule(schedule)
                .optStepEpochs(stepEpochs).optGamma(gamma).optWarmupEpochs(warmupEpochs).optValFraction(valFraction).optSeed(seed)
                .optLimitTrain(limitTrain).optPatience(patience).optInputSize(inputSize).optAugment(augment).optMilestones(milestones)
                .optLabelSmoothing(labelSmoothing).optInitFrom(initFrom).optFreeze(freeze).setOut(out).setDataDir(dataDir)
                .optLocalData(localData).optResume(resume)
                .optWidthDivisor(Math.max(1, widthDivisor)) // runs recorded before the setting existed have none: 1
                .recordRecipe(recipe);
    }
}
