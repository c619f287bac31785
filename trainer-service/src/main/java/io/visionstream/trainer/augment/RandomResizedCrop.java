package io.visionstream.trainer.augment;

import io.visionstream.common.preprocess.Resampler;

import java.util.Random;

/**
 * torchvision's {@code RandomResizedCrop} on a preprocessed image: a window covering a random share of the area
 * (uniform in {@code scale}) with a random aspect ratio (log-uniform in {@code ratio}) is cut at a random place and
 * resized back to the image's size with {@code common}'s bilinear {@link Resampler}. After 10 draws that do not fit
 * it falls back, as torchvision does, to the centred largest window within the ratio range. The image is already
 * at the model's input size, so the window is cut from that (not from the original file).
 */
final class RandomResizedCrop {

    /** torchvision's default share of the area a window covers. */
    static final double[] DEFAULT_SCALE = {0.08, 1.0};
    /** torchvision's default aspect-ratio (width / height) range. */
    static final double[] DEFAULT_RATIO = {3.0 / 4, 4.0 / 3};
    private static final int ATTEMPTS = 10;

    /** A window: top-left corner and size. */
    record Window(int top, int left, int height, int width) {
    }

    private final double[] scale;
    private final double[] ratio;

    RandomResizedCrop(double[] scale, double[] ratio) {
        this.scale = scale.clone();
        this.ratio = ratio.clone();
    }

    /** Draws a window of a {@code height x width} image. */
    Window window(int height, int width, Random random) {
        double area = (double) height * width;
        double logLow = Math.log(ratio[0]);
        double logHigh = Math.log(ratio[1]);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double target = area * (scale[0] + random.nextDouble() * (scale[1] - scale[0]));
            double aspect = Math.exp(logLow + random.nextDouble() * (logHigh - logLow));
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                return new Window(random.nextInt(height - h + 1), random.nextInt(width - w + 1), h, w);
            }
        }
        double imageRatio = (double) width / height;
        int w = width;
        int h = height;
        if (imageRatio < ratio[0]) {
            h = (int) Math.round(w / ratio[0]);
        } else if (imageRatio > ratio[1]) {
            w = (int) Math.round(h * ratio[1]);
        }
        return new Window((height - h) / 2, (width - w) / 2, h, w);
    }

    /** Crops and resizes the image of {@code channels x height x width} floats at {@code base} in place. */
    void apply(float[] batch, int base, int channels, int height, int width, Random random) {
        Window window = window(height, width, random);
        int plane = height * width;
        float[] channel = new float[plane];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(batch, base + c * plane, channel, 0, plane);
            float[] resized = Resampler.resizeWindow(channel, height, width, window.top(), window.left(), window.height(), window.width(),
                    height, width);
            System.arraycopy(resized, 0, batch, base + c * plane, plane);
        }
    }
}
