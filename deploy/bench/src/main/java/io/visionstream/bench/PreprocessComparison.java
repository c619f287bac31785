package io.visionstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.common.json.Json;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.preprocess.ResizePolicy;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Decode + preprocess of the same JPEG frames, one image at a time on one thread, by the service's code
 * ({@code common}'s {@link ImageDecoder} and {@link Preprocessor}) and by Pillow + NumPy (the Python reference,
 * {@code deploy/bench/pillow-preprocess.py} under Debian's {@code /usr/bin/python3}). Pillow is reported unavailable,
 * with the reason, when the interpreter or its packages are missing.
 */
final class PreprocessComparison {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("deploy/bench/pillow-preprocess.py");

    /** Milliseconds per image; {@code pillowMs} is NaN when Pillow is unavailable, {@code pillowNote} says why (or its version). */
    record Result(double javaMs, double pillowMs, String pillowNote) {
        boolean pillowAvailable() {
            return !Double.isNaN(pillowMs);
        }
    }

    private PreprocessComparison() {
    }

    static Result run(List<byte[]> frames, Path frameDir, PreprocessSpec spec, Duration duration) throws IOException, InterruptedException {
        double java = javaMsPerImage(frames, spec, duration);
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), frameDir.toString(),
                "--size", Integer.toString(spec.resize().height()), "--scale", Double.toString(spec.scale()),
                "--mean", join(spec.mean()), "--std", join(spec.std()), "--seconds", Long.toString(duration.toSeconds())));
        if (spec.resize().policy() == ResizePolicy.SHORTER_SIDE_CROP) {
            command.addAll(List.of("--shorter-side", Integer.toString(spec.resize().shorterSide())));
        }
        if (!PYTHON.toFile().canExecute()) {
            return new Result(java, Double.NaN, PYTHON + " not found (apt-get install -y python3 python3-pil python3-numpy)");
        }
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes());
        python.waitFor(duration.toSeconds() + 120, TimeUnit.SECONDS);
        String line = output.lines().filter(l -> l.startsWith("PILLOW ")).findFirst().orElse(null);
        if (line == null) {
            return new Result(java, Double.NaN, "the Pillow script failed: " + output.strip());
        }
        JsonNode result = Json.mapper().readTree(line.substring("PILLOW ".length()));
        if (!result.path("available").asBoolean()) {
            return new Result(java, Double.NaN, result.path("reason").asText());
        }
        return new Result(java, result.path("msPerImage").asDouble(), "Pillow " + result.path("pillow").asText() + ", NumPy " + result.path("numpy").asText());
    }

    /** After one warm-up pass of the JIT over the frames for a third of the time. */
    private static double javaMsPerImage(List<byte[]> frames, PreprocessSpec spec, Duration duration) {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        Preprocessor preprocessor = new Preprocessor(spec);
        FloatBuffer tensor = FloatBuffer.allocate(spec.floatsPerImage());
        loop(frames, decoder, preprocessor, tensor, duration.toNanos() / 3);
        long start = System.nanoTime();
        long images = loop(frames, decoder, preprocessor, tensor, duration.toNanos());
        return (System.nanoTime() - start) / 1e6 / images;
    }

    private static long loop(List<byte[]> frames, ImageDecoder decoder, Preprocessor preprocessor, FloatBuffer tensor, long nanos) {
        long end = System.nanoTime() + nanos;
        long images = 0;
        while (System.nanoTime() < end) {
            for (byte[] frame : frames) {
                try {
                    DecodedImage image = decoder.decode(frame, "image/jpeg", preprocessor.spec().decodeTarget());
                    preprocessor.applyInto(image, tensor, 0);
                } catch (ImageRejectedException e) {
                    throw new IllegalStateException("a benchmark frame was rejected: " + e.getMessage(), e);
                }
                images++;
            }
        }
        return images;
    }

    private static String join(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
