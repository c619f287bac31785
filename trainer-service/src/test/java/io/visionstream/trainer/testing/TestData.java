package io.visionstream.trainer.testing;

import io.visionstream.trainer.data.IdxWriter;
import io.visionstream.trainer.data.LabeledImages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Small generated image sets a LeNet separates within a few epochs, and their IDX files. */
public final class TestData {

    public static final List<String> BANDS = List.of("band-0", "band-1", "band-2", "band-3");

    private TestData() {
    }

    /** 28x28 grey images of class k: a bright horizontal band at rows 7k..7k+5 over faint noise. */
    public static LabeledImages bands(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 28 * 28];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % BANDS.size();
            labels[i] = label;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int value = y >= 7 * label && y < 7 * label + 5 ? 180 + random.nextInt(60) : random.nextInt(40);
                    pixels[i * 784 + y * 28 + x] = (byte) value;
                }
            }
        }
        return new LabeledImages("bands-" + seed, 1, 28, 28, pixels, labels, BANDS);
    }

    /** The classes of {@link #imageTree}, in their (sorted) label order. */
    public static final List<String> TREE_CLASSES = List.of("dark", "light");

    /**
     * Writes an ImageFolder tree: under {@code root/part} for each given part (none = directly under root), classes
     * {@code light} and {@code dark} with {@code perClass} 12x10 images each - solid RGB JPEGs and grey PNGs
     * alternately (dark about 40, light about 210, with a little noise) - and, in the first part's classes, two bad
     * files: {@code dark/broken.jpg} (a JPEG cut in half) and {@code light/notes.txt}.
     */
    public static Path imageTree(Path root, int perClass, long seed, String... parts) throws IOException {
        Random random = new Random(seed);
        List<String> folders = parts.length == 0 ? List.of("") : List.of(parts);
        for (String part : folders) {
            for (String label : List.of("light", "dark")) {
                Path dir = java.nio.file.Files.createDirectories(root.resolve(part).resolve(label));
                for (int i = 0; i < perClass; i++) {
                    int value = (label.equals("light") ? 200 : 30) + random.nextInt(20);
                    byte[] file = i % 2 == 0
                            ? io.visionstream.common.image.TestImages.jpeg(io.visionstream.common.image.TestImages.twoColours(12, 10,
                                    value * 0x010101, value * 0x010101), false)
                            : io.visionstream.common.image.TestImages.png(io.visionstream.common.image.TestImages.grey(12, 10, value));
                    java.nio.file.Files.write(dir.resolve(String.format("img-%03d.%s", i, i % 2 == 0 ? "jpg" : "png")), file);
                }
            }
            if (part.equals(folders.get(0))) {
                byte[] jpeg = io.visionstream.common.image.TestImages.jpeg(io.visionstream.common.image.TestImages.twoColours(40, 40, 0x336699, 0x996633), false);
                java.nio.file.Files.write(root.resolve(part).resolve("dark/broken.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
                java.nio.file.Files.writeString(root.resolve(part).resolve("light/notes.txt"), "not an image");
            }
        }
        return root;
    }

    /**
     * A new empty directory under the test profile's data dir ({@code target/test-data}), one of the roots an HTTP
     * request may name files in.
     */
    public static Path allowedDirectory(String prefix) throws IOException {
        return java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(Path.of("target/test-data")), prefix);
    }

    /** Writes train and test as the four IDX files a data directory holds. */
    public static Path writeIdx(Path dir, LabeledImages train, LabeledImages test) throws IOException {
        IdxWriter.write(dir, "train", train);
        IdxWriter.write(dir, "t10k", test);
        return dir;
    }
}
