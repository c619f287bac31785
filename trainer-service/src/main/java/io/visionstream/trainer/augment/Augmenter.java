package io.visionstream.trainer.augment;

import io.visionstream.common.preprocess.PreprocessSpec;

import java.util.Locale;
import java.util.Random;

/**
 * Training-only augmentation on a preprocessed NCHW batch, in place, per image in this order:
 * {@code resized-crop} ({@link RandomResizedCrop} with torchvision's scale 0.08-1 and ratio 3/4-4/3);
 * {@code flip} mirrors left-right with probability 1/2; {@code crop} takes a random H x W window of the image padded
 * by 1/8 of its side on every side (padding filled with each channel's normalised black), i.e. shifts it;
 * {@code jitter} ({@link ColourJitter}: brightness, contrast and saturation, strength 0.4 each, or
 * {@code jitter:S} for strength S). Only training batches go through it: validation and test data never do.
 */
public final class Augmenter {

    static final double DEFAULT_JITTER = 0.4;

    private final boolean flip;
    private final boolean crop;
    private final int padding;
    private final float[] fill;
    private final RandomResizedCrop resizedCrop;
    private final ColourJitter jitter;

    private Augmenter(boolean flip, boolean crop, int padding, float[] fill, RandomResizedCrop resizedCrop, ColourJitter jitter) {
        this.flip = flip;
        this.crop = crop;
        this.padding = padding;
        this.fill = fill;
        this.resizedCrop = resizedCrop;
        this.jitter = jitter;
    }

    /**
     * The augmentations an {@code augment} setting selects.
     *
     * @param jitter colour-jitter strength, or null for none
     */
    public record Options(boolean flip, boolean crop, boolean resizedCrop, Double jitter) {

        /**
         * @param spec comma-separated {@code flip}, {@code crop}, {@code resized-crop}, {@code jitter[:S]}, or {@code none}
         * @throws IllegalArgumentException naming the field {@code augment} and the bad part
         */
        public static Options parse(String spec) {
            boolean flip = false;
            boolean crop = false;
            boolean resizedCrop = false;
            Double jitter = null;
            for (String part : spec.toLowerCase(Locale.ROOT).replace(" ", "").split(",")) {
                switch (part) {
                    case "flip" -> flip = true;
                    case "crop" -> crop = true;
                    case "resized-crop" -> resizedCrop = true;
                    case "jitter" -> jitter = DEFAULT_JITTER;
                    case "none", "" -> { }
                    default -> jitter = part.startsWith("jitter:") ? strength(part) : unknown(part);
                }
            }
            return new Options(flip, crop, resizedCrop, jitter);
        }

        private static double strength(String part) {
            try {
                double strength = Double.parseDouble(part.substring("jitter:".length()));
                if (strength >= 0 && !Double.isInfinite(strength)) {
                    return strength;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("augment needs jitter:STRENGTH with a number >= 0 like jitter:0.4, got '" + part + "'");
        }

        private static double unknown(String part) {
            throw new IllegalArgumentException("augment has an unknown augmentation '" + part
                    + "'; expected none or a list of flip, crop, resized-crop, jitter, jitter:STRENGTH");
        }
    }

    /**
     * @param spec       the {@code augment} setting (see {@link Options#parse})
     * @param preprocess the preprocessing the batches went through (size, and mean/std to undo for colour changes)
     */
    public static Augmenter parse(String spec, PreprocessSpec preprocess) {
        Options options = Options.parse(spec);
        int channels = preprocess.channels();
        float[] mean = new float[channels];
        float[] std = new float[channels];
        float[] fill = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = preprocess.mean().get(c).floatValue();
            std[c] = preprocess.std().get(c).floatValue();
            fill[c] = -mean[c] / std[c];
        }
        int padding = Math.max(1, preprocess.resize().height() / 8);
        return new Augmenter(options.flip(), options.crop(), padding, fill,
                options.resizedCrop() ? new RandomResizedCrop(RandomResizedCrop.DEFAULT_SCALE, RandomResizedCrop.DEFAULT_RATIO) : null,
                options.jitter() == null ? null : new ColourJitter(options.jitter(), options.jitter(), options.jitter(), mean, std));
    }

    public boolean active() {
        return flip || crop || resizedCrop != null || jitter != null;
    }

    public void apply(float[] batch, int images, int channels, int height, int width, Random random) {
        int plane = height * width;
        float[] copy = new float[channels * plane];
        for (int i = 0; i < images; i++) {
            int base = i * channels * plane;
            if (resizedCrop != null) {
                resizedCrop.apply(batch, base, channels, height, width, random);
            }
            shiftAndFlip(batch, base, channels, height, width, copy, random);
            if (jitter != null) {
                jitter.apply(batch, base, channels, plane, random);
            }
        }
    }

    private void shiftAndFlip(float[] batch, int base, int channels, int height, int width, float[] copy, Random random) {
        int plane = height * width;
        boolean mirror = flip && random.nextBoolean();
        int dy = crop ? random.nextInt(2 * padding + 1) - padding : 0;
        int dx = crop ? random.nextInt(2 * padding + 1) - padding : 0;
        if (!mirror && dx == 0 && dy == 0) {
            return;
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
