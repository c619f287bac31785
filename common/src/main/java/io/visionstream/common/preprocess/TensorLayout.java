package io.visionstream.common.preprocess;

/**
 * The order of a model's image input dimensions. PyTorch and this trainer export {@code NCHW}; TensorFlow and Keras
 * export {@code NHWC}. Preprocessing always computes C x H x W planes; only the write into the model's input follows
 * the layout, so one preprocessing implementation serves both.
 */
public enum TensorLayout {
    NCHW, NHWC;

    /** The input shape of {@code n} images of C x H x W in this layout. */
    public long[] shape(long n, int channels, int height, int width) {
        return this == NCHW ? new long[] {n, channels, height, width} : new long[] {n, height, width, channels};
    }

    /** Index within one image's floats of channel {@code c} at pixel {@code pixel} (row-major) of {@code pixels}. */
    public int index(int c, int pixel, int channels, int pixels) {
        return this == NCHW ? c * pixels + pixel : pixel * channels + c;
    }

    /** The input as a message names it, e.g. {@code NHWC [batch, 224, 224, 3]}. */
    public String describe(int channels, int height, int width) {
        long[] shape = shape(0, channels, height, width);
        return name() + " [batch, " + shape[1] + ", " + shape[2] + ", " + shape[3] + "]";
    }

    /** {@code [C, H, W]} read from a 4-D shape in this layout. */
    public long[] imageDims(long[] shape) {
        return this == NCHW ? new long[] {shape[1], shape[2], shape[3]} : new long[] {shape[3], shape[1], shape[2]};
    }
}
