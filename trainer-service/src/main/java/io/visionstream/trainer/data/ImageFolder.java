package io.visionstream.trainer.data;

import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.preprocess.ResizeSpec;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An image tree with one sub-folder of JPEG/PNG files per class (torchvision's ImageFolder layout), either split
 * already ({@code train/<class>/...} with {@code test/<class>/...} or {@code val/<class>/...}) or in one folder
 * ({@code <class>/...}), whose test part is then a stratified {@value #TEST_FRACTION} of every class chosen with
 * the fixed seed {@value #SPLIT_SEED} (the same test images in every run). Classes are the sorted folder names.
 * <p>
 * Every file is decoded with {@code common}'s {@link ImageDecoder} and brought to RGB {@code side x side} with
 * {@code common}'s {@link Preprocessor} (direct bilinear resize, values kept as 0-255), the resize serving repeats
 * from the manifest: training and serving differ only by the rounding of the stored 8-bit samples. A file that does
 * not decode (truncated, corrupt, not an image) is skipped and reported, never fatal.
 */
public final class ImageFolder {

    /** The data-set name prefix: {@code imagefolder:/path/to/root}. */
    public static final String PREFIX = "imagefolder:";
    /** Side of the stored (square) images when the run does not set an input size. */
    public static final int DEFAULT_SIDE = 64;
    static final double TEST_FRACTION = 0.2;
    static final long SPLIT_SEED = 20160101L;
    private static final List<String> TEST_FOLDERS = List.of("test", "val");
    private static final Logger LOG = Logger.getLogger(ImageFolder.class);

    private ImageFolder() {
    }

    /** Whether a data-set name names an image tree. */
    public static boolean matches(String dataset) {
        return dataset.startsWith(PREFIX);
    }

    /** The root folder a data-set name names. */
    public static Path root(String dataset) {
        String path = dataset.substring(PREFIX.length());
        if (path.isBlank()) {
            throw new IllegalArgumentException("dataset '" + dataset + "' names no folder: use " + PREFIX + "/path/to/images");
        }
        return Path.of(path);
    }

    /**
     * The sorted class names of the tree at {@code root}, checking its layout.
     *
     * @throws IllegalArgumentException naming what is wrong with the tree
     */
    public static List<String> classes(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("dataset folder " + root + " does not exist or is not a directory");
        }
        Path train = root.resolve("train");
        List<String> classes = classFolders(Files.isDirectory(train) ? train : root);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("dataset folder " + (Files.isDirectory(train) ? train : root)
                    + " holds no class sub-folders (expected <class>/<image> or train/<class>/<image> with test/ or val/)");
        }
        if (Files.isDirectory(train)) {
            Path test = testFolder(root);
            List<String> unknown = classFolders(test).stream().filter(c -> !classes.contains(c)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("dataset folder " + test + " has classes " + unknown + " that " + train + " lacks");
            }
        }
        return classes;
    }

    /** Reads the tree at {@code root}, storing every image as RGB {@code side x side}. */
    public static Datasets.Split read(Path root, int side) throws IOException {
        List<String> classes = classes(root);
        String name = root.getFileName() == null ? root.toString() : root.getFileName().toString();
        Reader reader = new Reader(classes, side);
        Path train = root.resolve("train");
        Datasets.Split split;
        if (Files.isDirectory(train)) {
            Path test = testFolder(root);
            split = new Datasets.Split(reader.read(name + "-train", train, root), reader.read(name + "-test", test, root), reader.skipped);
        } else {
            LabeledImages all = reader.read(name, root, root);
            int[][] parts = Splits.stratified(all, TEST_FRACTION, SPLIT_SEED);
            split = new Datasets.Split(all.subset(name + "-train", parts[0]), all.subset(name + "-test", parts[1]), reader.skipped);
        }
        LOG.infof("%s: %d classes %s, %d train / %d test images at 3x%dx%d, %d file(s) skipped", root, classes.size(), classes,
                split.train().size(), split.test().size(), side, side, reader.skipped.size());
        return split;
    }

    private static Path testFolder(Path root) {
        return TEST_FOLDERS.stream().map(root::resolve).filter(Files::isDirectory).findFirst().orElseThrow(() ->
                new IllegalArgumentException("dataset folder " + root + " has train/ but neither test/ nor val/"));
    }

    private static List<String> classFolders(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list dataset folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Decodes and resizes one part of a tree, collecting the files it had to skip. */
    private static final class Reader {

        private final List<String> classes;
        private final int side;
        private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        private final Preprocessor resize;
        private final List<SkippedImage> skipped = new ArrayList<>();

        Reader(List<String> classes, int side) {
            this.classes = classes;
            this.side = side;
            this.resize = new Preprocessor(new PreprocessSpec(ColourMode.RGB, ResizeSpec.direct(side, side), 1.0, List.of(0.0, 0.0, 0.0),
                    List.of(1.0, 1.0, 1.0)));
        }

        LabeledImages read(String name, Path dir, Path root) throws IOException {
            int imageBytes = 3 * side * side;
            java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
            List<Integer> labels = new ArrayList<>();
            float[] values = new float[imageBytes];
            byte[] stored = new byte[imageBytes];
            for (int label = 0; label < classes.size(); label++) {
                Path classDir = dir.resolve(classes.get(label));
                if (!Files.isDirectory(classDir)) {
                    continue;
                }
                for (Path file : files(classDir)) {
                    String relative = root.relativize(file).toString();
                    DecodedImage image;
                    try {
                        image = decoder.decode(Files.readAllBytes(file), null, resize.spec().decodeTarget());
                    } catch (ImageRejectedException e) {
                        skipped.add(new SkippedImage(relative, e.getMessage()));
                        LOG.warnf("skipped %s: %s", relative, e.getMessage());
                        continue;
                    }
                    resize.applyInto(image, java.nio.FloatBuffer.wrap(values), 0);
                    for (int i = 0; i < imageBytes; i++) {
                        stored[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i])));
                    }
                    pixels.write(stored);
                    labels.add(label);
                }
            }
            return new LabeledImages(name, 3, side, side, pixels.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(), classes);
        }

        private static List<Path> files(Path classDir) throws IOException {
            try (Stream<Path> entries = Files.walk(classDir)) {
                return entries.filter(Files::isRegularFile).sorted().toList();
            }
        }
    }
}
