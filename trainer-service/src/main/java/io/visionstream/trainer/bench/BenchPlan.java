package io.visionstream.trainer.bench;

/**
 * What a budget gives one network in the zoo benchmark; everything else comes from the recipe.
 *
 * @param arch         the zoo network
 * @param inputSize    the square input side in pixels
 * @param widthDivisor conv widths divided by this where the zoo allows it (1 = as designed)
 * @param epochs       epochs to train
 * @param limitTrain   training images drawn from Fashion-MNIST's 60,000 (a fifth of them validate); 0 = all
 * @param batchSize    images per batch; 0 = the recipe's
 */
public record BenchPlan(String arch, int inputSize, int widthDivisor, int epochs, int limitTrain, int batchSize) {
}
