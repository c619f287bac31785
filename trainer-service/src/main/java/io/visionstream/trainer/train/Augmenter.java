package io.visionstream.trainer.train;

import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Training-only augmentation on a preprocessed NCHW batch, in place: {@code flip} mirrors an image left-right with
 * probability 1/2; {@code crop} takes a random H x W window of the image padded by {@code padding} pixels on every
 * side (padding filled with each channel's normalised black), i.e. shifts it by up to {@code padding} pixels.
 * Validation and test data are never augmented.
 */
final class Augmenter {

    private final boolean flip;
    private final boolean crop;
    private final int padding;
    private final float[] fill;

    private Augmenter(boolean flip, boolean crop, int padding, float[] fill) {
        this.flip = flip;
        this.crop = crop;
        this.padding = padding;
        this.fill = fill;
    }

    /**
     * @param spec comma-separated {@code flip}, {@code crop}, or {@code none}
     * @param fill per channel, the value a black pixel has after preprocessing
     */
    static Augmenter parse(String spec, int imageSize, float[] fill) {
        Set<String> parts = Set.of(spec.toLowerCase(Locale.ROOT).replace(" ", "").split(","));
        for (String part : parts) {
            if (!Set.of("none", "flip", "crop", "").contains(part)) {
                throw new IllegalArgumentException("augment: unknown augmentation '" + part + "', expected none, flip, crop");
            }
        }
        return new Augmenter(parts.contains("flip"), parts.contains("crop"), Math.max(1, imageSize / 8), fill);
    }

    boolean active() {
        return flip || crop;
    }

    void apply(float[] batch, int images, int channels, int height, int width, Random random) {
        int plane = height * width;
        float[] copy = new float[channels * plane];
        for (int i = 0; i < images; i++) {
            int base = i * channels * plane;
            boolean mirror = flip && random.nextBoolean();
            int dy = crop ? random.nextInt(2 * padding + 1) - padding : 0;
            int dx = crop ? random.nextInt(2 * padding + 1) - padding : 0;
            if (!mirror && dx == 0 && dy == 0) {
                continue;
            }
            System.arraycopy(batch, base, copy, 0, copy.length);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < width; x++) {
                        int sx = (mirror ? width - 1 - x : x) + dx;
                        boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                        batch[base + c * plane + y * width + x] = inside ? copy[c * plane + sy * width + sx] : fill[c];
                    }
                }
            }
        }
    }
}
