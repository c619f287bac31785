package io.visionstream.common.preprocess;

import io.visionstream.common.image.DecodedImage;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link Preprocessor}'s colour conversion, resize and normalisation in two passes straight from the decoded 8-bit
 * samples, so no full-resolution float copy of the image is ever made. The horizontal pass reads the bytes of only the
 * input rows the output needs, with RGB-to-grey fused in (the luma weights are linear, so they apply to the
 * horizontal sums); a grey image bound for an RGB model is resampled once and written to all three channels. The
 * vertical pass normalises and writes each value where the model's {@link TensorLayout} wants it. Sums run in the
 * same order as {@link Resampler#resample}'s, so the result equals resampling float planes up to float rounding.
 */
final class FusedResize {

    private FusedResize() {
    }

    /**
     * Writes the {@code rows.size() x cols.size()} output of {@code image} for {@code colour}, each value
     * {@code v * scale[c] + shift[c]}, into {@code target} at {@code offset}.
     */
    static void apply(DecodedImage image, ColourMode colour, Resampler.Axis rows, Resampler.Axis cols, float[] scale,
                      float[] shift, FloatBuffer target, int offset, TensorLayout layout) {
        int firstRow = rows.first()[0];
        int endRow = firstRow;
        for (int y = 0; y < rows.size(); y++) {
            endRow = Math.max(endRow, rows.first()[y] + rows.weights()[y].length);
        }
        int planes = colour == ColourMode.RGB && image.channels() == 3 ? 3 : 1;
        float[][] horizontal = horizontalPass(image, colour, planes, firstRow, endRow - firstRow, cols);
        verticalPass(horizontal, firstRow, rows, colour.channels(), cols.size(), scale, shift, target, offset, layout);
    }

    /** Per plane, {@code rowCount x cols.size()} sums of the input rows from {@code firstRow}. */
    private static float[][] horizontalPass(DecodedImage image, ColourMode colour, int planes, int firstRow, int rowCount,
                                            Resampler.Axis cols) {
        byte[] px = image.pixels();
        int inWidth = image.width();
        int plane = inWidth * image.height();
        int outWidth = cols.size();
        boolean luma = colour == ColourMode.GREY && image.channels() == 3;
        float[][] horizontal = new float[planes][rowCount * outWidth];
        for (int y = 0; y < rowCount; y++) {
            int rowBase = (firstRow + y) * inWidth;
            for (int x = 0; x < outWidth; x++) {
                float[] w = cols.weights()[x];
                int start = rowBase + cols.first()[x];
                if (luma) {
                    float red = 0;
                    float green = 0;
                    float blue = 0;
                    for (int k = 0; k < w.length; k++) {
                        red += w[k] * (px[start + k] & 0xFF);
                        green += w[k] * (px[plane + start + k] & 0xFF);
                        blue += w[k] * (px[2 * plane + start + k] & 0xFF);
                    }
                    horizontal[0][y * outWidth + x] = Preprocessor.LUMA_RED * red + Preprocessor.LUMA_GREEN * green
                            + Preprocessor.LUMA_BLUE * blue;
                    continue;
                }
                for (int p = 0; p < planes; p++) {
                    int base = p * plane + start;
                    float sum = 0;
                    for (int k = 0; k < w.length; k++) {
                        sum += w[k] * (px[base + k] & 0xFF);
                    }
                    horizontal[p][y * outWidth + x] = sum;
                }
            }
        }
        return horizontal;
    }

    private static void verticalPass(float[][] horizontal, int firstRow, Resampler.Axis rows, int channels, int outWidth,
                                     float[] scale, float[] shift, FloatBuffer target, int offset, TensorLayout layout) {
        int pixels = rows.size() * outWidth;
        float[] row = new float[outWidth];
        for (int p = 0; p < horizontal.length; p++) {
            float[] source = horizontal[p];
            // one plane for three channels: a grey image replicated into RGB
            int lastChannel = horizontal.length == 1 ? channels - 1 : p;
            for (int y = 0; y < rows.size(); y++) {
                float[] w = rows.weights()[y];
                int start = rows.first()[y] - firstRow;
                Arrays.fill(row, 0f);
                for (int k = 0; k < w.length; k++) {
                    float weight = w[k];
                    int base = (start + k) * outWidth;
                    for (int x = 0; x < outWidth; x++) {
                        row[x] += weight * source[base + x];
                    }
                }
                for (int c = p; c <= lastChannel; c++) {
                    for (int x = 0; x < outWidth; x++) {
                        target.put(offset + layout.index(c, y * outWidth + x, channels, pixels), row[x] * scale[c] + shift[c]);
                    }
                }
            }
        }
    }
}
