package io.visionstream.trainer.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary format: records of 1 label byte followed by 3,072 pixel bytes (32x32 red, then green,
 * then blue planes - the planar layout {@link LabeledImages} keeps). Training = data_batch_1..5.bin, test =
 * test_batch.bin.
 */
public final class Cifar10Reader {

    public static final List<String> LABELS = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    private static final int SIDE = 32;
    private static final int IMAGE_BYTES = 3 * SIDE * SIDE;
    private static final int RECORD_BYTES = 1 + IMAGE_BYTES;

    private Cifar10Reader() {
    }

    public static Datasets.Split read(Path dir) throws IOException {
        List<Path> train = List.of(1, 2, 3, 4, 5).stream().map(i -> dir.resolve("data_batch_" + i + ".bin")).toList();
        return new Datasets.Split(read("cifar-10-train", train), read("cifar-10-test", List.of(dir.resolve("test_batch.bin"))));
    }

    static LabeledImages read(String name, List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            long size = Files.size(file);
            if (size % RECORD_BYTES != 0) {
                throw new IOException(file + " is not a CIFAR-10 binary batch: " + size + " bytes is not a multiple of " + RECORD_BYTES);
            }
            total += size / RECORD_BYTES;
        }
        int count = Math.toIntExact(total);
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] labels = new int[count];
        int index = 0;
        byte[] record = new byte[RECORD_BYTES];
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                while (in.readNBytes(record, 0, RECORD_BYTES) == RECORD_BYTES) {
                    labels[index] = record[0] & 0xFF;
                    if (labels[index] >= LABELS.size()) {
                        throw new IOException(file + " record " + index + " has label " + labels[index] + ", CIFAR-10 has 10 classes");
                    }
                    System.arraycopy(record, 1, pixels, index * IMAGE_BYTES, IMAGE_BYTES);
                    index++;
                }
            }
        }
        return new LabeledImages(name, 3, SIDE, SIDE, pixels, labels, LABELS);
    }
}
