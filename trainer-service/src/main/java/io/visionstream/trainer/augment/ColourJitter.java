package io.visionstream.trainer.augment;

import io.visionstream.common.preprocess.Preprocessor;

import java.util.Random;

/**
 * Random brightness, contrast and saturation changes of one preprocessed image, computed as torchvision's
 * {@code ColorJitter} computes them on [0, 1] values (after undoing the normalisation, which is redone after):
 * brightness scales every value by a factor b, contrast blends with the mean grey level by c, saturation blends
 * with each pixel's grey level by s (colour images only; grey = the luma weights {@link Preprocessor} uses),
 * results clamped to [0, 1]. Each factor is drawn uniformly from {@code [max(0, 1 - strength), 1 + strength]};
 * the order is always brightness, contrast, saturation (torchvision shuffles it). A strength of 0 leaves that
 * property untouched and draws nothing.
 */
final class ColourJitter {

    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final float[] mean;
    private final float[] std;

    /**
     * @param mean per channel, the normalisation's mean in [0, 1] units ({@code scale}d values)
     * @param std  per channel, the normalisation's standard deviation in the same units
     */
    ColourJitter(double brightness, double contrast, double saturation, float[] mean, float[] std) {
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.mean = mean;
        this.std = std;
    }

    /** Jitters the image of {@code channels x plane} floats at {@code base} in place. */
    void apply(float[] batch, int base, int channels, int plane, Random random) {
        double b = factor(brightness, random);
        double c = factor(contrast, random);
        double s = channels == 3 ? factor(saturation, random) : 1;
        if (b == 1 && c == 1 && s == 1) {
            return;
        }
        float[] x = new float[channels * plane];
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < plane; i++) {
                x[ch * plane + i] = clamp((batch[base + ch * plane + i] * std[ch] + mean[ch]) * b);
            }
        }
        if (c != 1) {
            float[] grey = grey(x, channels, plane);
            double average = 0;
            for (float g : grey) {
                average += g;
            }
            average /= plane;
            for (int i = 0; i < x.length; i++) {
                x[i] = clamp(c * x[i] + (1 - c) * average);
            }
        }
        if (s != 1) {
            float[] grey = grey(x, channels, plane);
            for (int i = 0; i < x.length; i++) {
                x[i] = clamp(s * x[i] + (1 - s) * grey[i % plane]);
            }
        }
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < plane; i++) {
                batch[base + ch * plane + i] = (x[ch * plane + i] - mean[ch]) / std[ch];
            }
        }
    }

    private static double factor(double strength, Random random) {
        if (strength == 0) {
            return 1;
        }
        double low = Math.max(0, 1 - strength);
        return low + random.nextDouble() * (1 + strength - low);
    }

    private static float[] grey(float[] x, int channels, int plane) {
        if (channels == 1) {
            return x.clone();
        }
        float[] grey = new float[plane];
        for (int i = 0; i < plane; i++) {
            grey[i] = Preprocessor.LUMA_RED * x[i] + Preprocessor.LUMA_GREEN * x[plane + i] + Preprocessor.LUMA_BLUE * x[2 * plane + i];
        }
        return grey;
    }

    private static float clamp(double value) {
        return (float) Math.max(0, Math.min(1, value));
    }
}
