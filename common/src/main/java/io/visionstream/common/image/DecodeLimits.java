package io.visionstream.common.image;

/**
 * Upper bounds that keep a hostile or mistaken payload from exhausting memory. The pixel bound is checked from the
 * image header before any pixel is decoded, so a small file declaring a huge image (a decompression bomb) is
 * refused at no cost.
 *
 * @param maxPayloadBytes largest accepted payload; default {@value #DEFAULT_MAX_PAYLOAD_BYTES} (10 MiB)
 * @param maxPixels       largest accepted width x height; default {@value #DEFAULT_MAX_PIXELS} (40 megapixels)
 */
public record DecodeLimits(long maxPayloadBytes, long maxPixels) {

    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 10L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    public DecodeLimits {
        if (maxPayloadBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("decode limits must be >= 1, were maxPayloadBytes=" + maxPayloadBytes + ", maxPixels=" + maxPixels);
        }
    }

    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_PIXELS);
    }

    /** Refuses a {@code format} image whose header declares more than {@link #maxPixels()} pixels. */
    void checkPixels(String format, int width, int height) throws ImageRejectedException {
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS, "the " + format + " header declares "
                    + width + "x" + height + " = " + pixels + " pixels, more than the limit of " + maxPixels);
        }
    }
}
