package io.visionstream.bench.image;

import io.visionstream.bench.JpegFrames;
import io.visionstream.common.dataset.IdxFiles;
import io.visionstream.local.load.ImageBytes;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Camera-sized JPEG frames with natural-looking content, as a camera would stream them: Fashion-MNIST test images
 * upscaled (bilinear) to fill the frame with a little per-channel sensor noise when the data set is at hand, the
 * benchmark's camera-like synthetic scenes ({@link JpegFrames#scene}) otherwise. Encoded by the JDK's JPEG writer
 * (baseline, 4:2:0).
 */
final class CameraFrames {

    /** One encoded frame and, for Fashion-MNIST frames, the true label (-1 for synthetic scenes). */
    record Frame(byte[] jpeg, int label) {
    }

    private static final int NOISE = 3;

    private final IdxFiles.Contents fashion;

    private CameraFrames(IdxFiles.Contents fashion) {
        this.fashion = fashion;
    }

    /** Frames from the Fashion-MNIST test set in {@code dataDir} when its IDX files are there, else synthetic scenes. */
    static CameraFrames from(Path dataDir) throws IOException {
        Path images = firstExisting(dataDir, "t10k-images-idx3-ubyte");
        Path labels = firstExisting(dataDir, "t10k-labels-idx1-ubyte");
        return new CameraFrames(images == null || labels == null ? null : IdxFiles.read(images, labels));
    }

    boolean fromFashionMnist() {
        return fashion != null;
    }

    /** {@code count} frames of {@code width x height}, JPEG {@code quality} (0-1), test images from {@code first}. */
    List<Frame> make(int count, int width, int height, float quality, int first) throws IOException {
        List<Frame> frames = new ArrayList<>(count);
        Random noise = new Random(first * 31L + width);
        for (int i = 0; i < count; i++) {
            int index = first + i;
            BufferedImage frame = fashion != null ? upscaled(fashion.greyImage(index % fashion.count()), width, height, noise)
                    : JpegFrames.scene(width, height, new Random(index));
            frames.add(new Frame(ImageBytes.jpeg(frame, quality), fashion != null ? fashion.labels()[index % fashion.count()] : -1));
        }
        return frames;
    }

    private static BufferedImage upscaled(BufferedImage item, int width, int height, Random noise) {
        BufferedImage smooth = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smooth.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(item, 0, 0, width, height, null);
        g.dispose();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = smooth.getRGB(x, y) & 0xFF;
                smooth.setRGB(x, y, (noisy(v, noise) << 16) | (noisy(v, noise) << 8) | noisy(v, noise));
            }
        }
        return smooth;
    }

    private static int noisy(int value, Random noise) {
        return Math.max(0, Math.min(255, value + noise.nextInt(2 * NOISE + 1) - NOISE));
    }

    private static Path firstExisting(Path dir, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            if (Files.isRegularFile(dir.resolve(candidate))) {
                return dir.resolve(candidate);
            }
        }
        return null;
    }
}
