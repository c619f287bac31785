package io.visionstream.trainer.bench;

/**
 * The CPU budget's training subset for a network by its multiply-adds per image at its small input (two CPU cores
 * train and test roughly in proportion to them), so that each network takes a few minutes and the zoo about an hour.
 * Testing on all 10,000 test images is the floor of a network's cost: about 4 minutes for Inception v4 at 75 px on two
 * shared cores, and an estimated 10 for Inception v3 at 299 px, the smallest its auxiliary head accepts - which is why the
 * last tier is left out of the CPU budget's default list and runs only when named. Measured: see the README's zoo
 * benchmark.
 */
enum CpuTier {

    /** Up to 100 M multiply-adds (AlexNet, VGG, NiN, GoogLeNet, ResNet-18/34/50, DenseNets at 28-67 px). */
    LIGHT(100_000_000L, 10_000, 4),
    /** Up to 300 M (ResNet-101 and -152 at 28 px). */
    MEDIUM(300_000_000L, 6_000, 4),
    /** Up to 1 G (Inception v4 and Inception-ResNet v2 at 75 px). */
    HEAVY(1_000_000_000L, 4_000, 3),
    /** Above (Inception v3 at 299 px): not in the CPU budget's default list; when named, few images. */
    ALONE(Long.MAX_VALUE, 1_500, 2);

    private final long maxMultiplyAdds;
    private final int images;
    private final int epochs;

    CpuTier(long maxMultiplyAdds, int images, int epochs) {
        this.maxMultiplyAdds = maxMultiplyAdds;
        this.images = images;
        this.epochs = epochs;
    }

    static CpuTier of(long multiplyAdds) {
        for (CpuTier tier : values()) {
            if (multiplyAdds <= tier.maxMultiplyAdds) {
                return tier;
            }
        }
        throw new IllegalStateException("the last tier takes any cost");
    }

    /** Training images drawn (a fifth of them validate). */
    int images() {
        return images;
    }

    int epochs() {
        return epochs;
    }
}
