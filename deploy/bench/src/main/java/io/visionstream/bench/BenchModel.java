package io.visionstream.bench;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The model and images the benchmarks and the reliability suite stream without training first: LeNet-5-sized ONNX
 * versions with seeded weights ({@link LenetOnnx}) published to a registry, and grey 28x28 PNGs.
 */
public final class BenchModel {

    public static final int SIDE = 28;

    private BenchModel() {
    }

    /** Publishes a new version of {@code name} whose weights come from {@code seed}. */
    public static ModelVersion publish(ModelRegistry registry, String name, long seed) throws IOException {
        byte[] onnx = LenetOnnx.build(seed);
        return registry.publish(manifest(name), dir -> Files.write(dir.resolve("model.onnx"), onnx));
    }

    /** The ONNX bytes of the version with weights from {@code seed}. */
    public static byte[] onnx(long seed) {
        return LenetOnnx.build(seed);
    }

    /** Grey 28x28 PNGs of a few random filled rectangles on black: compressible like clothing silhouettes. */
    public static List<byte[]> syntheticPngs(int count, long seed) throws IOException {
        Random random = new Random(seed);
        List<byte[]> pngs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
            for (int r = 0; r < 3; r++) {
                int x = random.nextInt(SIDE - 4);
                int y = random.nextInt(SIDE - 4);
                int w = 4 + random.nextInt(SIDE - x - 3);
                int h = 4 + random.nextInt(SIDE - y - 3);
                int grey = 40 + random.nextInt(216);
                for (int yy = y; yy < Math.min(SIDE, y + h); yy++) {
                    for (int xx = x; xx < Math.min(SIDE, x + w); xx++) {
                        image.getRaster().setSample(xx, yy, 0, Math.min(255, grey + random.nextInt(20)));
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            pngs.add(bytes.toByteArray());
        }
        return pngs;
    }

    private static ModelManifest manifest(String name) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < LenetOnnx.CLASSES; i++) {
            labels.add("class-" + i);
        }
        return new ModelManifest(ModelManifest.SCHEMA_VERSION, name, 0, null, new ModelManifest.Architecture("lenet5", null),
                new ModelManifest.InputSpec("input", 1, SIDE, SIDE), new ModelManifest.OutputNames("logits", "probabilities", null),
                new PreprocessSpec(ColourMode.GREY, ResizeSpec.direct(SIDE, SIDE), 1.0 / 255, List.of(0.286), List.of(0.353)),
                labels, null, null, new ModelManifest.OnnxFile("model.onnx", null, 17, false), null);
    }
}
