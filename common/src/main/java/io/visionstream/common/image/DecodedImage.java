package io.visionstream.common.image;

/**
 * A decoded image as 8-bit samples in planar layout (channel, row, column): 1 channel (grey) or 3 (RGB).
 * Higher bit depths are scaled to 8 bits and alpha is dropped, so every source format meets preprocessing in
 * the same form.
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels, String format) {

    public DecodedImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image dimensions must be >= 1, were " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images have 1 (grey) or 3 (RGB) channels, not " + channels);
        }
        if (pixels.length != (long) channels * width * height) {
            throw new IllegalArgumentException("expected " + (long) channels * width * height + " samples for "
                    + channels + "x" + height + "x" + width + ", got " + pixels.length);
        }
    }

    /** The sample of channel {@code c} at row {@code y}, column {@code x}, as 0-255. */
    public int sample(int c, int y, int x) {
        return pixels[(c * height + y) * width + x] & 0xFF;
    }
}
