package io.visionstream.demo;

import io.visionstream.common.dataset.IdxFiles;
import io.visionstream.local.load.ImageBytes;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The Fashion-MNIST test set the trainer evaluated on (its data cache), as PNG payloads a camera-side producer would
 * send, with the true labels: predictions scored from these must reproduce the trainer's test accuracy.
 */
record FashionTestImages(List<byte[]> pngs, int[] labels, BufferedImage first) {

    private static final long STREAM_SEED = 7;

    static FashionTestImages load(Path dataDir) throws IOException {
        return load(dataDir, UnaryOperator.identity());
    }

    /**
     * The same images with grey levels inverted (dark garments on a light ground: a camera with other lighting, or
     * another product photographer): the demo's drifted stream. Same labels, same order.
     */
    static FashionTestImages inverted(Path dataDir) throws IOException {
        return load(dataDir, FashionTestImages::invert);
    }

    private static FashionTestImages load(Path dataDir, UnaryOperator<BufferedImage> change) throws IOException {
        Path dir = dataDir.resolve("fashion-mnist");
        IdxFiles.Contents test = IdxFiles.read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
        int[] order = cameraOrder(test.count());
        List<byte[]> pngs = new ArrayList<>(test.count());
        int[] labels = new int[test.count()];
        BufferedImage first = null;
        for (int i = 0; i < order.length; i++) {
            BufferedImage image = change.apply(test.greyImage(order[i]));
            pngs.add(ImageBytes.encode(image, "png"));
            labels[i] = test.labels()[order[i]];
            first = first == null ? image : first;
        }
        return new FashionTestImages(pngs, labels, first);
    }

    /**
     * The order the images are streamed in: shuffled with a fixed seed, as a camera sees garments of every kind mixed.
     * The npm copy of the test set is sorted by class, and any stretch of it (say the last 250 images, all ankle boots)
     * is rightly seen as drifted by the drift score.
     */
    private static int[] cameraOrder(int count) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, count).boxed().toList());
        Collections.shuffle(order, new Random(STREAM_SEED));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static BufferedImage invert(BufferedImage grey) {
        WritableRaster raster = grey.getRaster();
        int[] pixels = raster.getPixels(0, 0, grey.getWidth(), grey.getHeight(), (int[]) null);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 255 - pixels[i];
        }
        raster.setPixels(0, 0, grey.getWidth(), grey.getHeight(), pixels);
        return grey;
    }

    int size() {
        return labels.length;
    }

    double averagePayloadBytes() {
        return pngs.stream().mapToInt(b -> b.length).average().orElse(0);
    }
}
