package io.visionstream.common.image;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw 8-bit tensor payload, {@code application/x-raw-u8;shape=CxHxW}: exactly C*H*W bytes in planar
 * (channel, row, column) order, C being 1 or 3. Lets producers that already hold pixels skip compression.
 */
record RawTensorFormat(int channels, int height, int width) {

    static final String MEDIA_TYPE = "application/x-raw-u8";
    private static final Pattern SHAPE = Pattern.compile("(?i)(?:^|;)\\s*shape\\s*=\\s*\"?(\\d{1,9})x(\\d{1,9})x(\\d{1,9})\"?\\s*(?:;|$)");

    static boolean matches(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith(MEDIA_TYPE);
    }

    static RawTensorFormat parse(String contentType) throws ImageRejectedException {
        Matcher m = SHAPE.matcher(contentType.substring(contentType.indexOf(';') < 0 ? contentType.length() : contentType.indexOf(';')));
        if (!m.find()) {
            throw new ImageRejectedException(RejectReason.BAD_CONTENT_TYPE, "content type '" + contentType
                    + "' needs a shape parameter: " + MEDIA_TYPE + ";shape=CxHxW (e.g. shape=3x224x224)");
        }
        int c = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        int w = Integer.parseInt(m.group(3));
        if (c != 1 && c != 3) {
            throw new ImageRejectedException(RejectReason.SHAPE_MISMATCH, "a raw tensor has 1 (grey) or 3 (RGB) channels, the shape declares " + c);
        }
        if (h < 1 || w < 1) {
            throw new ImageRejectedException(RejectReason.SHAPE_MISMATCH, "a raw tensor needs height and width >= 1, the shape declares " + h + "x" + w);
        }
        return new RawTensorFormat(c, h, w);
    }

    DecodedImage decode(byte[] payload, DecodeLimits limits) throws ImageRejectedException {
        long pixels = (long) height * width;
        if (pixels > limits.maxPixels()) {
            throw new ImageRejectedException(RejectReason.TOO_MANY_PIXELS, "the raw tensor declares " + width + "x" + height
                    + " = " + pixels + " pixels, more than the limit of " + limits.maxPixels());
        }
        long expected = channels * pixels;
        if (payload.length != expected) {
            throw new ImageRejectedException(RejectReason.SHAPE_MISMATCH, "shape " + channels + "x" + height + "x" + width
                    + " needs " + expected + " bytes, the payload has " + payload.length);
        }
        return new DecodedImage(width, height, channels, payload.clone(), "raw");
    }
}
