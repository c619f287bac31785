package io.visionstream.demo;

import io.visionstream.common.dataset.IdxFiles;
import io.visionstream.local.load.ImageBytes;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Fashion-MNIST test set the trainer evaluated on (its data cache), as PNG payloads a camera-side producer would
 * send, with the true labels: predictions scored from these must reproduce the trainer's test accuracy.
 */
record FashionTestImages(List<byte[]> pngs, int[] labels, BufferedImage first) {

    static FashionTestImages load(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("fashion-mnist");
        IdxFiles.Contents test = IdxFiles.read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
        List<byte[]> pngs = new ArrayList<>(test.count());
        BufferedImage first = null;
        for (int i = 0; i < test.count(); i++) {
            BufferedImage image = test.greyImage(i);
            pngs.add(ImageBytes.encode(image, "png"));
            first = first == null ? image : first;
        }
        return new FashionTestImages(pngs, test.labels(), first);
    }

    int size() {
        return labels.length;
    }

    double averagePayloadBytes() {
        return pngs.stream().mapToInt(b -> b.length).average().orElse(0);
    }
}
