package io.visionstream.inference.drift;

import io.visionstream.common.drift.DriftCalibration;
import io.visionstream.common.drift.DriftReference;
import io.visionstream.common.drift.DriftReferenceFiles;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.preprocess.TensorLayout;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.testing.TinyClassifiers;

import java.nio.file.Files;
import java.util.List;
import java.util.Random;

/**
 * A model with a drift reference, and its streams: the column classifier with an {@code embedding} output
 * ({@link TinyClassifiers#embeddingColumnClassifier}) published with a reference calibrated on 2,000 "validation"
 * images (one bright column over dark noise, the column the class); drifted images are their inversions.
 */
public final class DriftFixtures {

    public static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    /** The raw-tensor content type of {@link #image} bytes. */
    public static final String CONTENT_TYPE = "application/x-raw-u8;shape=1x2x10";

    private DriftFixtures() {
    }

    /** Publishes the classifier as the next version of {@code name}, with its drift reference. */
    public static ModelVersion publish(ModelRegistry registry, String name) {
        DriftReference reference = reference(name);
        byte[] onnx = TinyClassifiers.embeddingColumnClassifier(1, 10);
        return registry.publish(manifest(name), dir -> {
            Files.write(dir.resolve("model.onnx"), onnx);
            DriftReferenceFiles.write(dir, reference);
        });
    }

    public static ModelManifest manifest(String name) {
        return TinyClassifiers.manifest(name, ColourMode.GREY, DIGITS, new ModelManifest.OutputNames("logits", "probabilities", "embedding"),
                TensorLayout.NCHW);
    }

    /**
     * The reference of 2,000 undrifted images (500 in the sample, 1,500 held out: windows of 100, 250 and 500
     * calibrated); the graph's embedding of an image is its preprocessed tensor.
     */
    public static DriftReference reference(String name) {
        Preprocessor preprocessor = new Preprocessor(manifest(name).preprocess());
        Random random = new Random(7);
        float[][] embeddings = new float[2000][];
        int[] classes = new int[2000];
        for (int i = 0; i < embeddings.length; i++) {
            classes[i] = random.nextInt(10);
            embeddings[i] = preprocessor.apply(image(random, classes[i], false));
        }
        return DriftCalibration.calibrate(embeddings, classes, 10, "columns", 3);
    }

    /** A 10 x 2 grey image: column {@code hot} bright (180-255) over dark noise (0-90), or the inverse. */
    public static DecodedImage image(Random random, int hot, boolean inverted) {
        byte[] pixels = new byte[2 * 10];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 10; x++) {
                int value = x == hot ? 180 + random.nextInt(76) : random.nextInt(91);
                pixels[y * 10 + x] = (byte) (inverted ? 255 - value : value);
            }
        }
        return new DecodedImage(10, 2, 1, pixels, "raw");
    }
}
