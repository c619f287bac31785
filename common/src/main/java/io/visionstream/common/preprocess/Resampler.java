package io.visionstream.common.preprocess;

/**
 * Separable bilinear (triangle-filter) resampling with pixel centres at half-integers, widened when shrinking so
 * every source pixel contributes (anti-aliasing, as PIL's and torchvision's bilinear resize do). Resizing to the
 * same size returns the samples unchanged. One axis is described by {@link Axis}: for each output index, the
 * first contributing input index and the normalised weights. Public for training-time augmentation (random
 * resized crops), which must resample exactly as serving does.
 */
public final class Resampler {

    private Resampler() {
    }

    /**
     * Resizes the {@code height x width} window at ({@code top}, {@code left}) of one {@code inHeight x inWidth}
     * plane (row-major) to {@code outHeight x outWidth}.
     */
    public static float[] resizeWindow(float[] plane, int inHeight, int inWidth, int top, int left, int height, int width,
                                       int outHeight, int outWidth) {
        if (top < 0 || left < 0 || height < 1 || width < 1 || top + height > inHeight || left + width > inWidth) {
            throw new IllegalArgumentException("window " + height + "x" + width + " at (" + top + ", " + left + ") is not inside "
                    + inHeight + "x" + inWidth);
        }
        float[] window = new float[height * width];
        for (int y = 0; y < height; y++) {
            System.arraycopy(plane, (top + y) * inWidth + left, window, y * width, width);
        }
        float[] out = new float[outHeight * outWidth];
        resample(window, height, width, Axis.of(height, outHeight, 0, outHeight), Axis.of(width, outWidth, 0, outWidth), out);
        return out;
    }

    /** The contributions of input samples to each output sample along one axis. */
    record Axis(int[] first, float[][] weights) {

        /**
         * @param inSize  input length
         * @param outSize the length the whole input is scaled to
         * @param offset  first output index kept (centre crop), {@code count} indices from there are computed
         */
        static Axis of(int inSize, int outSize, int offset, int count) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int[] first = new int[count];
            float[][] weights = new float[count][];
            for (int i = 0; i < count; i++) {
                double centre = (offset + i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(centre - support + 0.5));
                int hi = Math.min(inSize, (int) Math.floor(centre + support + 0.5));
                double[] w = new double[Math.max(hi - lo, 0)];
                double total = 0;
                for (int j = lo; j < hi; j++) {
                    double distance = Math.abs(j + 0.5 - centre) / filterScale;
                    w[j - lo] = Math.max(0.0, 1.0 - distance);
                    total += w[j - lo];
                }
                float[] normalised = new float[w.length];
                for (int k = 0; k < w.length; k++) {
                    normalised[k] = (float) (w[k] / total);
                }
                first[i] = lo;
                weights[i] = normalised;
            }
            return new Axis(first, weights);
        }

        int size() {
            return first.length;
        }
    }

    /**
     * Resamples one plane ({@code inHeight x inWidth}, row-major) along both axes into {@code out}
     * ({@code rows.size() x cols.size()}): first horizontally for every input row, then vertically.
     */
    static void resample(float[] in, int inHeight, int inWidth, Axis rows, Axis cols, float[] out) {
        int outWidth = cols.size();
        float[] horizontal = new float[inHeight * outWidth];
        for (int y = 0; y < inHeight; y++) {
            int rowBase = y * inWidth;
            for (int x = 0; x < outWidth; x++) {
                float[] w = cols.weights()[x];
                int start = rowBase + cols.first()[x];
                float sum = 0;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * in[start + k];
                }
                horizontal[y * outWidth + x] = sum;
            }
        }
        for (int y = 0; y < rows.size(); y++) {
            float[] w = rows.weights()[y];
            int start = rows.first()[y];
            for (int x = 0; x < outWidth; x++) {
                float sum = 0;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * horizontal[(start + k) * outWidth + x];
                }
                out[y * outWidth + x] = sum;
            }
        }
    }
}
