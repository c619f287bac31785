package io.visionstream.bench.image;

import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizePolicy;
import io.visionstream.common.preprocess.Resampler;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The image path before #19, as the yardstick: ImageIO (TwelveMonkeys) decodes the whole JPEG into planar bytes,
 * every channel is copied to a full-resolution float plane and resampled ({@link Resampler#resizeWindow} over the
 * whole plane), then normalised. RGB JPEGs and stretching resizes only, which is what the benchmark measures.
 * {@code resizeWindow} copies the plane once more than the old {@code Preprocessor} did, so the old preprocessing
 * time is overstated by one float copy of the frame.
 */
final class ImageIoBaseline {

    private static final ImageReaderSpi JPEG_READER = twelveMonkeysJpeg();

    private final PreprocessSpec spec;

    ImageIoBaseline(PreprocessSpec spec) {
        if (spec.resize().policy() != ResizePolicy.DIRECT || spec.channels() != 3) {
            throw new IllegalArgumentException("the baseline covers RGB specs with the direct resize only, not " + spec);
        }
        this.spec = spec;
    }

    /** The whole JPEG as planar RGB bytes, through the TwelveMonkeys ImageIO reader as {@code ImageDecoder} chose it. */
    static DecodedImage decode(byte[] jpeg) throws IOException {
        ImageReader reader = JPEG_READER.createReaderInstance();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(input, true, true);
            BufferedImage image = reader.read(0);
            Raster raster = image.getRaster();
            int width = image.getWidth();
            int height = image.getHeight();
            int plane = width * height;
            byte[] pixels = new byte[3 * plane];
            int[] row = new int[width];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < height; y++) {
                    raster.getSamples(0, y, width, 1, c, row);
                    for (int x = 0; x < width; x++) {
                        pixels[c * plane + y * width + x] = (byte) row[x];
                    }
                }
            }
            return new DecodedImage(width, height, 3, pixels, "jpeg");
        } finally {
            reader.dispose();
        }
    }

    /** C x H x W floats, each {@code (v * scale - mean[c]) / std[c]}. */
    float[] preprocess(DecodedImage image) {
        int width = image.width();
        int height = image.height();
        int plane = width * height;
        int outHeight = spec.resize().height();
        int outWidth = spec.resize().width();
        float[] out = new float[spec.floatsPerImage()];
        byte[] px = image.pixels();
        for (int c = 0; c < 3; c++) {
            float[] floats = new float[plane];
            for (int i = 0; i < plane; i++) {
                floats[i] = px[c * plane + i] & 0xFF;
            }
            float[] resized = Resampler.resizeWindow(floats, height, width, 0, 0, height, width, outHeight, outWidth);
            float scale = (float) (spec.scale() / spec.std().get(c));
            float shift = (float) (-spec.mean().get(c) / spec.std().get(c));
            for (int i = 0; i < resized.length; i++) {
                out[c * resized.length + i] = resized[i] * scale + shift;
            }
        }
        return out;
    }

    /** The TwelveMonkeys JPEG reader's provider, looked up once as {@code ImageDecoder} does (not per image). */
    private static ImageReaderSpi twelveMonkeysJpeg() {
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
        for (Iterator<ImageReaderSpi> spis = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true); spis.hasNext(); ) {
            ImageReaderSpi spi = spis.next();
            if (spi.getClass().getName().startsWith("com.twelvemonkeys.") && Arrays.asList(spi.getFormatNames()).contains("jpeg")) {
                return spi;
            }
        }
        throw new IllegalStateException("the TwelveMonkeys JPEG reader is not on the class path");
    }
}
