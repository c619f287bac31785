package io.visionstream.trainer.train;

/** One epoch's curve point: losses and accuracies on train and validation, learning rate, speed and duration. */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy, double learningRate,
                          double imagesPerSecond, double seconds) {
}
