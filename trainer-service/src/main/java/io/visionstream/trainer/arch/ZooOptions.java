package io.visionstream.trainer.arch;

/**
 * Variations of the zoo networks: divide conv widths (e.g. 4 as d2l does to train VGG on a CPU), add batch-norm
 * (VGG), and use the small-input stem for 28-32 px images (ResNet: 3x3 conv, no max-pool).
 */
public record ZooOptions(int widthDivisor, boolean batchNorm, boolean smallInputStem) {

    public ZooOptions {
        if (widthDivisor < 1) {
            throw new IllegalArgumentException("widthDivisor must be >= 1, was " + widthDivisor);
        }
    }

    public static ZooOptions defaults() {
        return new ZooOptions(1, false, false);
    }
}
