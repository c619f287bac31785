package io.visionstream.bench;

import io.visionstream.common.dataset.IdxFiles;
import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.common.json.Json;
import io.visionstream.local.cli.OptionPairs;
import io.visionstream.local.load.ImageBytes;
import io.visionstream.local.load.LoadGenerator;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The load generator as a command, against any running stack: sends an image set at a rate for a duration in a
 * chosen payload format and measures, from the outside, how many predictions came back, the throughput and the
 * end-to-end latency. The last line is {@code LOAD {json}}.
 *
 * <pre>
 * usage: LoadCommand --bootstrap HOST:PORT [--images synthetic|fashion-test|DIR] [--data-dir data] [--format png|jpeg|raw]
 *                    [--rate IMAGES_PER_S] [--seconds S] [--model NAME]
 * </pre>
 */
public final class LoadCommand {

    private static final String USAGE = "usage: run-load.sh --bootstrap HOST:PORT [--images synthetic|fashion-test|DIR] [--data-dir data] "
            + "[--format png|jpeg|raw] [--rate IMAGES_PER_S] [--seconds S] [--model NAME]";
    private static final int SYNTHETIC_IMAGES = 512;

    private LoadCommand() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = OptionPairs.parse(args);
        } catch (IllegalArgumentException e) {
            exit(e.getMessage());
            return;
        }
        String bootstrap = options.get("--bootstrap");
        if (bootstrap == null) {
            exit("--bootstrap is required (the local stack prints it: bootstrap.servers=...)");
        }
        String format = options.getOrDefault("--format", "png").toLowerCase(Locale.ROOT);
        double rate = Double.parseDouble(options.getOrDefault("--rate", "1000"));
        int seconds = Integer.parseInt(options.getOrDefault("--seconds", "10"));
        if (rate <= 0 || seconds <= 0) {
            exit("--rate and --seconds must be positive");
        }
        List<BufferedImage> images = images(options.getOrDefault("--images", "synthetic"), Path.of(options.getOrDefault("--data-dir", "data")));
        Payloads payloads = payloads(images, format);
        int count = (int) Math.round(rate * seconds);
        System.out.printf("[load] %d %s images (%s, %.0f bytes on average) at %.0f/s for %d s%n", count, format,
                options.getOrDefault("--images", "synthetic"), payloads.bytes().stream().mapToInt(b -> b.length).average().orElse(0), rate, seconds);
        try (LoadGenerator load = new LoadGenerator(bootstrap, payloads.bytes(), payloads.contentType(), options.get("--model"))) {
            LoadGenerator.Run run = load.run("load-" + System.currentTimeMillis() + "-", count, rate, Duration.ofSeconds(seconds + 120L));
            double[] latency = run.received().isEmpty() ? new double[] {Double.NaN, Double.NaN} : run.latencyPercentilesMs(50, 99);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("sent", run.sent().size());
            figures.put("predicted", run.received().size());
            figures.put("throughput", run.received().isEmpty() ? 0 : Math.round(run.throughput()));
            figures.put("p50Ms", Math.round(latency[0] * 10) / 10.0);
            figures.put("p99Ms", Math.round(latency[1] * 10) / 10.0);
            figures.forEach((k, v) -> System.out.printf("  %-12s %s%n", k, v));
            System.out.println("LOAD " + Json.toJson(figures));
        }
        System.exit(0);
    }

    private static List<BufferedImage> images(String set, Path dataDir) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        if (set.equals("synthetic")) {
            for (byte[] png : BenchModel.syntheticPngs(SYNTHETIC_IMAGES, 7)) {
                images.add(ImageIO.read(new ByteArrayInputStream(png)));
            }
        } else if (set.equals("fashion-test")) {
            Path dir = dataDir.resolve("fashion-mnist");
            IdxFiles.Contents test = IdxFiles.read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
            for (int i = 0; i < test.count(); i++) {
                images.add(test.greyImage(i));
            }
        } else {
            try (Stream<Path> files = Files.list(Path.of(set))) {
                for (Path file : files.sorted().toList()) {
                    BufferedImage image = ImageIO.read(file.toFile());
                    if (image != null) {
                        images.add(image);
                    }
                }
            }
        }
        if (images.isEmpty()) {
            exit("no images in '" + set + "' (synthetic, fashion-test, or a directory of PNG/JPEG files)");
        }
        return images;
    }

    /**
     * The payloads and their content type: PNG or JPEG as encoded here, or raw u8 tensors - the planar pixels the
     * service's own decoder reads from the PNG (all images of a raw set must share one size).
     */
    private static Payloads payloads(List<BufferedImage> images, String format) {
        if (!format.equals("png") && !format.equals("jpeg") && !format.equals("raw")) {
            exit("--format must be png, jpeg or raw, was '" + format + "'");
        }
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        List<byte[]> payloads = new ArrayList<>(images.size());
        String contentType = "image/" + format;
        for (BufferedImage image : images) {
            if (!format.equals("raw")) {
                payloads.add(ImageBytes.encode(image, format));
                continue;
            }
            try {
                DecodedImage decoded = decoder.decode(ImageBytes.encode(image, "png"), "image/png");
                payloads.add(decoded.pixels());
                contentType = "application/x-raw-u8;shape=" + decoded.channels() + "x" + decoded.height() + "x" + decoded.width();
            } catch (ImageRejectedException e) {
                exit("an image of the set cannot be decoded: " + e.getMessage());
            }
        }
        return new Payloads(payloads, contentType);
    }

    private record Payloads(List<byte[]> bytes, String contentType) {
    }

    private static void exit(String message) {
        System.err.println("error: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
