package io.visionstream.common.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Reads the samples of a decoded {@link BufferedImage} into the planar 8-bit layout of {@link DecodedImage}.
 * Stored sample values are taken as they are (no colour management, as PIL does), scaled from their bit depth to
 * 8 bits with rounding (a 16-bit 0xFFFF becomes 255); palettes are expanded to RGB and alpha is dropped.
 */
final class BufferedImageSamples {

    private static final int MAX_8BIT = 255;

    private BufferedImageSamples() {
    }

    static DecodedImage toDecodedImage(BufferedImage image, String format) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        if (model instanceof IndexColorModel palette) {
            return fromPalette(raster, palette, format);
        }
        int colourType = model.getColorSpace().getType();
        if (colourType == ColorSpace.TYPE_GRAY) {
            return fromBands(raster, 1, format);
        }
        if (colourType == ColorSpace.TYPE_RGB && model.getNumColorComponents() == 3) {
            return fromBands(raster, 3, format);
        }
        return fromRgbConversion(image, width, height, format);
    }

    private static DecodedImage fromBands(Raster raster, int channels, String format) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] pixels = new byte[channels * width * height];
        int[] row = new int[width];
        for (int c = 0; c < channels; c++) {
            int bits = raster.getSampleModel().getSampleSize(c);
            long max = (1L << bits) - 1;
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, c, row);
                int base = (c * height + y) * width;
                for (int x = 0; x < width; x++) {
                    pixels[base + x] = (byte) (bits == 8 ? row[x] : Math.round((row[x] & 0xFFFFFFFFL) * (double) MAX_8BIT / max));
                }
            }
        }
        return new DecodedImage(width, height, channels, pixels, format);
    }

    private static DecodedImage fromPalette(Raster raster, IndexColorModel palette, String format) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int plane = width * height;
        int channels = isGreyRamp(palette) ? 1 : 3;
        byte[] pixels = new byte[channels * plane];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            if (channels == 1) {
                for (int x = 0; x < width; x++) {
                    pixels[y * width + x] = (byte) palette.getRed(row[x]);
                }
                continue;
            }
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                pixels[i] = (byte) palette.getRed(row[x]);
                pixels[plane + i] = (byte) palette.getGreen(row[x]);
                pixels[2 * plane + i] = (byte) palette.getBlue(row[x]);
            }
        }
        return new DecodedImage(width, height, channels, pixels, format);
    }

    /** Low-bit-depth grey PNGs arrive as a palette of greys: keep them as one grey channel. */
    private static boolean isGreyRamp(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    /** Other colour spaces (e.g. CMYK left unconverted, ICC-tagged) go through Java2D's conversion to sRGB. */
    private static DecodedImage fromRgbConversion(BufferedImage image, int width, int height, String format) {
        int plane = width * height;
        byte[] pixels = new byte[3 * plane];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                pixels[i] = (byte) (row[x] >> 16);
                pixels[plane + i] = (byte) (row[x] >> 8);
                pixels[2 * plane + i] = (byte) row[x];
            }
        }
        return new DecodedImage(width, height, 3, pixels, format);
    }
}
