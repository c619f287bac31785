package io.visionstream.trainer.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that defines a training run. Defaults follow the seeds' Fashion-MNIST notebooks: Adam, learning rate
 * 0.001, batch 256, 80/20 train/validation split of the training set, seed 42.
 *
 * @param limitTrain   use only the first N (shuffled, stratified) training images; 0 = all
 * @param schedule     {@code fixed}, {@code step} (x gamma every stepEpochs, the AlexNet /10) or {@code cosine}
 *                     (with {@code warmupEpochs} of linear warm-up)
 * @param patience     stop after this many epochs without a better validation accuracy; 0 = never
 * @param augment      training-only augmentation: {@code none} or a list of {@code flip}, {@code crop}
 */
public record TrainingSettings(String arch, String dataset, int epochs, int batchSize, double lr, String optimizer,
                               double momentum, double weightDecay, String schedule, int stepEpochs, double gamma, int warmupEpochs,
                               double valFraction, long seed, int limitTrain, int patience, int inputSize, String augment, Path out,
                               Path dataDir, Path localData) {

    public TrainingSettings {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(dataDir, "dataDir");
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        augment = augment == null || augment.isBlank() ? "none" : augment.toLowerCase(Locale.ROOT);
        schedule = schedule.toLowerCase(Locale.ROOT);
        require(epochs >= 1, "epochs", "must be >= 1, was " + epochs);
        require(batchSize >= 1, "batchSize", "must be >= 1, was " + batchSize);
        require(lr > 0, "lr", "must be > 0, was " + lr);
        require(optimizer.equals("adam") || optimizer.equals("adamw") || optimizer.equals("sgd"), "optimizer",
                "must be adam, adamw or sgd, was '" + optimizer + "'");
        require(schedule.equals("fixed") || schedule.equals("step") || schedule.equals("cosine"), "schedule",
                "must be fixed, step or cosine, was '" + schedule + "'");
        require(valFraction >= 0 && valFraction < 1, "valFraction", "must be within [0, 1), was " + valFraction);
        require(limitTrain >= 0, "limitTrain", "must be >= 0, was " + limitTrain);
        require(stepEpochs >= 1, "stepEpochs", "must be >= 1, was " + stepEpochs);
        require(inputSize >= 0, "inputSize", "must be >= 0 (0 = the data set's size), was " + inputSize);
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new IllegalArgumentException(field + " " + message);
        }
    }
}
