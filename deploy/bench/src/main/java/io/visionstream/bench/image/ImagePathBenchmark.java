package io.visionstream.bench.image;

import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.json.Json;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.preprocess.ResizeSpec;
import io.visionstream.local.cli.OptionPairs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fast image path of #19 measured against the path before it, on one thread in one process: camera-sized JPEG
 * frames (640x480 and 1920x1080, quality 90, see {@link CameraFrames}) to a 224x224 RGB ImageNet-normalised tensor.
 * Old: ImageIO full decode, float planes, resample ({@link ImageIoBaseline}). New: {@link ImageDecoder} with the spec's
 * decode target (libjpeg-turbo at 1/2, 1/4 or 1/8) and the fused {@link Preprocessor}. Prints the median ms per image of
 * each path (decode and preprocessing apart), their ratio, and the max and mean |difference| of the tensors; with
 * {@code --model-dir}, also the top-1 agreement of a trained model between both paths. The old and new path alternate
 * per frame after a warm-up. The last line is {@code IMAGE_PATH {json}}.
 *
 * <pre>
 * usage: run-image-path.sh [--images 60] [--warmup 20] [--quality 0.9] [--data-dir data/fashion-mnist]
 *                          [--model-dir REGISTRY/NAME/VERSION] [--agreement-images 300]
 * </pre>
 */
public final class ImagePathBenchmark {

    private static final int[][] FRAME_SIZES = {{640, 480}, {1920, 1080}};
    /** torchvision's ImageNet normalisation. */
    private static final PreprocessSpec IMAGENET_224 = new PreprocessSpec(ColourMode.RGB, ResizeSpec.direct(224, 224), 1 / 255.0,
            List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));

    private ImagePathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = OptionPairs.parse(args);
        int images = Integer.parseInt(options.getOrDefault("--images", "60"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "20"));
        float quality = Float.parseFloat(options.getOrDefault("--quality", "0.9"));
        int agreementImages = Integer.parseInt(options.getOrDefault("--agreement-images", "300"));
        CameraFrames source = CameraFrames.from(Path.of(options.getOrDefault("--data-dir", "data/fashion-mnist")));
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        ImageIoBaseline baseline = new ImageIoBaseline(IMAGENET_224);
        Preprocessor preprocessor = new Preprocessor(IMAGENET_224);

        System.out.printf(Locale.ROOT, "image path: %d %s frames per size after %d warm-up, JPEG quality %.0f, to 224x224 RGB "
                + "(ImageNet mean/std), one thread%n", images, source.fromFashionMnist() ? "Fashion-MNIST" : "synthetic", warmup, quality * 100);
        System.out.printf(Locale.ROOT, "%-10s %8s %10s %22s %22s %7s %10s %10s%n", "frame", "jpeg KB", "decoded",
                "old ms (dec+prep)", "new ms (dec+prep)", "new/old", "max|diff|", "mean|diff|");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("content", source.fromFashionMnist() ? "fashion-mnist" : "synthetic");
        figures.put("quality", quality);
        figures.put("images", images);
        for (int[] size : FRAME_SIZES) {
            List<CameraFrames.Frame> frames = source.make(warmup + images, size[0], size[1], quality, 0);
            figures.put(size[0] + "x" + size[1], measure(frames, warmup, size, decoder, baseline, preprocessor));
        }
        if (options.containsKey("--model-dir")) {
            figures.put("model", agreement(Path.of(options.get("--model-dir")), source, agreementImages, quality, decoder));
        }
        System.out.println("IMAGE_PATH " + Json.toJson(figures));
    }

    private static Map<String, Object> measure(List<CameraFrames.Frame> frames, int warmup, int[] size, ImageDecoder decoder,
                                               ImageIoBaseline baseline, Preprocessor preprocessor) throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < warmup; i++) {
                baseline.preprocess(ImageIoBaseline.decode(frames.get(i).jpeg()));
                preprocessor.apply(decoder.decode(frames.get(i).jpeg(), "image/jpeg", IMAGENET_224.decodeTarget()));
            }
        }
        int n = frames.size() - warmup;
        double[] oldDecode = new double[n];
        double[] oldPrep = new double[n];
        double[] newDecode = new double[n];
        double[] newPrep = new double[n];
        double[] oldTotal = new double[n];
        double[] newTotal = new double[n];
        double maxDiff = 0;
        double sumDiff = 0;
        long bytes = 0;
        String decodedAs = "";
        for (int i = 0; i < n; i++) {
            byte[] jpeg = frames.get(warmup + i).jpeg();
            bytes += jpeg.length;
            float[] oldTensor = null;
            float[] newTensor = null;
            for (int order = 0; order < 2; order++) {
                if ((order == 0) == (i % 2 == 0)) {
                    long t0 = System.nanoTime();
                    DecodedImage image = ImageIoBaseline.decode(jpeg);
                    long t1 = System.nanoTime();
                    oldTensor = baseline.preprocess(image);
                    oldDecode[i] = (t1 - t0) / 1e6;
                    oldPrep[i] = (System.nanoTime() - t1) / 1e6;
                } else {
                    long t0 = System.nanoTime();
                    DecodedImage image = decoder.decode(jpeg, "image/jpeg", IMAGENET_224.decodeTarget());
                    long t1 = System.nanoTime();
                    newTensor = preprocessor.apply(image);
                    newDecode[i] = (t1 - t0) / 1e6;
                    newPrep[i] = (System.nanoTime() - t1) / 1e6;
                    decodedAs = image.width() + "x" + image.height();
                }
            }
            oldTotal[i] = oldDecode[i] + oldPrep[i];
            newTotal[i] = newDecode[i] + newPrep[i];
            for (int k = 0; k < oldTensor.length; k++) {
                double diff = Math.abs(oldTensor[k] - newTensor[k]);
                maxDiff = Math.max(maxDiff, diff);
                sumDiff += diff;
            }
        }
        double meanDiff = sumDiff / ((double) n * IMAGENET_224.floatsPerImage());
        double ratio = median(newTotal) / median(oldTotal);
        System.out.printf(Locale.ROOT, "%-10s %8.0f %10s %8.2f (%5.2f+%5.2f) %8.2f (%5.2f+%5.2f) %7.3f %10.4f %10.5f%n",
                size[0] + "x" + size[1], bytes / 1024.0 / n, decodedAs, median(oldTotal), median(oldDecode), median(oldPrep),
                median(newTotal), median(newDecode), median(newPrep), ratio, maxDiff, meanDiff);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("jpegKiB", round(bytes / 1024.0 / n, 1));
        figures.put("decodedAs", decodedAs);
        figures.put("oldMs", round(median(oldTotal), 3));
        figures.put("oldDecodeMs", round(median(oldDecode), 3));
        figures.put("oldPreprocessMs", round(median(oldPrep), 3));
        figures.put("newMs", round(median(newTotal), 3));
        figures.put("newDecodeMs", round(median(newDecode), 3));
        figures.put("newPreprocessMs", round(median(newPrep), 3));
        figures.put("ratioNewOld", round(ratio, 4));
        figures.put("maxAbsDiff", round(maxDiff, 5));
        figures.put("meanAbsDiff", round(meanDiff, 6));
        return figures;
    }

    private static Map<String, Object> agreement(Path modelDir, CameraFrames source, int count, float quality,
                                                 ImageDecoder decoder) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        try (ModelAgreement model = new ModelAgreement(modelDir)) {
            figures.put("model", model.describe());
            System.out.printf(Locale.ROOT, "top-1 of %s over %d frames per size:%n", model.describe(), count);
            for (int[] size : FRAME_SIZES) {
                ModelAgreement.Result result = model.compare(source.make(count, size[0], size[1], quality, 0), decoder);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("agreement", round((double) result.agreeing() / result.frames(), 4));
                if (source.fromFashionMnist()) {
                    row.put("oldTop1", round((double) result.oldCorrect() / result.frames(), 4));
                    row.put("newTop1", round((double) result.newCorrect() / result.frames(), 4));
                }
                System.out.printf(Locale.ROOT, "  %-10s agreement %.2f %%%s%n", size[0] + "x" + size[1], 100.0 * result.agreeing() / result.frames(),
                        source.fromFashionMnist() ? String.format(Locale.ROOT, ", accuracy old %.2f %% new %.2f %%",
                                100.0 * result.oldCorrect() / result.frames(), 100.0 * result.newCorrect() / result.frames()) : "");
                figures.put(size[0] + "x" + size[1], row);
            }
        }
        return figures;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double round(double value, int digits) {
        double factor = Math.pow(10, digits);
        return Math.round(value * factor) / factor;
    }
}
