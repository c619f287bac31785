package io.visionstream.bench;

import io.visionstream.local.load.ImageBytes;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Camera-like JPEG frames for the ResNet-50 benchmark, so decoding costs what it costs on real footage: smooth
 * lighting gradients, soft-edged blobs of colour at several scales, fine texture and sensor noise (flat synthetic
 * pictures compress far better and decode faster than photographs). Encoded at quality 90 and also written to a
 * folder, where the Pillow comparison reads the very same bytes.
 */
public final class JpegFrames {

    static final float QUALITY = 0.90f;
    private static final int BLOBS = 14;

    private JpegFrames() {
    }

    /** {@code count} distinct {@code width x height} frames from {@code seed}, written as {@code dir/frame-NN.jpg}. */
    public static List<byte[]> generate(int width, int height, int count, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] jpeg = ImageBytes.jpeg(scene(width, height, new Random(seed * 1000 + i)), QUALITY);
            Files.write(dir.resolve(String.format("frame-%02d.jpg", i)), jpeg);
            frames.add(jpeg);
        }
        return frames;
    }

    /** One camera-like scene (gradient lighting, soft blobs, fine texture, sensor noise), drawn from {@code random}. */
    public static BufferedImage scene(int width, int height, Random random) {
        float[][] rgb = new float[3][width * height];
        double[] base = {60 + random.nextInt(120), 60 + random.nextInt(120), 60 + random.nextInt(120)};
        double gx = random.nextGaussian() * 60 / width;
        double gy = random.nextGaussian() * 60 / height;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    rgb[c][y * width + x] = (float) (base[c] + gx * x + gy * y);
                }
            }
        }
        for (int b = 0; b < BLOBS; b++) {
            blob(rgb, width, height, random);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double texturePeriod = 3 + random.nextDouble() * 6;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                double texture = 6 * Math.sin(x / texturePeriod + 2 * Math.sin(y / (texturePeriod * 1.7)));
                int r = clamp(rgb[0][i] + texture + random.nextGaussian() * 4);
                int g = clamp(rgb[1][i] + texture + random.nextGaussian() * 4);
                int bl = clamp(rgb[2][i] + texture + random.nextGaussian() * 4);
                image.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        return image;
    }

    /** A soft-edged ellipse of one colour, blended over its bounding box. */
    private static void blob(float[][] rgb, int width, int height, Random random) {
        double cx = random.nextDouble() * width;
        double cy = random.nextDouble() * height;
        double rx = (0.03 + random.nextDouble() * 0.25) * width;
        double ry = (0.03 + random.nextDouble() * 0.25) * height;
        double[] colour = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
        int x0 = Math.max(0, (int) (cx - rx * 1.3));
        int x1 = Math.min(width, (int) (cx + rx * 1.3));
        int y0 = Math.max(0, (int) (cy - ry * 1.3));
        int y1 = Math.min(height, (int) (cy + ry * 1.3));
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double d = Math.hypot((x - cx) / rx, (y - cy) / ry);
                double alpha = Math.max(0, Math.min(1, (1.15 - d) / 0.3)) * 0.85;
                if (alpha > 0) {
                    int i = y * width + x;
                    for (int c = 0; c < 3; c++) {
                        rgb[c][i] = (float) (rgb[c][i] * (1 - alpha) + colour[c] * alpha);
                    }
                }
            }
        }
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
