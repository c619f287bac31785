package io.visionstream.bench;

import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.local.load.LoadGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inference benchmark at a real size: the zoo's ResNet-50 (224x224x3, 1000 classes, random weights, exported by
 * the trainer's {@code export-zoo} as a registry draft) fed camera-sized JPEG frames (640x480 and 1920x1080), with
 * the service sized as a ResNet-class deployment (its own JVM options and batch; memory by the service's byte budget). Per frame size:
 * decode + preprocess on one thread by the service's code and by Pillow, the pipeline's saturated throughput against
 * raw ONNX Runtime, CPU per image by stage, latency at half the saturated rate, heap and RSS peaks; and the targets.
 */
final class ResNetBenchmark {

    /** The settings of one run; {@code draft} holds the exported {@code model.onnx} and {@code manifest.json}. */
    record Settings(Path draft, int batch, String streamBudget, int intraOpThreads, List<String> serviceJvm, Duration phase, int frames,
                    Path serviceJar, Path out) {
    }

    /** Camera frame sizes, width x height. */
    private static final int[][] FRAME_SIZES = {{640, 480}, {1920, 1080}};
    private static final Duration PREPROCESS_DURATION = Duration.ofSeconds(8);
    private static final Duration WARM_UP = Duration.ofSeconds(6);
    static final double TARGET_PIPELINE_TO_RAW = 0.90;

    private ResNetBenchmark() {
    }

    /** Runs everything and returns the {@code resnet50} section of the BENCH line; logs as it goes. */
    static Map<String, Object> run(Settings s) throws Exception {
        ModelManifest draft = ZooDraft.manifest(s.draft());
        byte[] onnx = Files.readAllBytes(s.draft().resolve(ModelManifest.ONNX_FILE_NAME));
        ModelManifest.InputSpec input = draft.input();
        Log.line("ResNet-50: %s, input %dx%dx%d, %d classes, %.1f MB ONNX; preprocessing %s", draft.architecture().zoo(), input.channels(),
                input.height(), input.width(), draft.labels().size(), onnx.length / 1e6, Json.toJson(draft.preprocess().resize()));
        Map<String, String> serviceSettings = new LinkedHashMap<>();
        serviceSettings.put("visionstream.inference.batching.max-batch-size", Integer.toString(s.batch()));
        if (!s.streamBudget().isEmpty()) {
            serviceSettings.put("visionstream.inference.memory.stream-budget", s.streamBudget());
        }
        serviceSettings.put("visionstream.inference.onnx.intra-op-threads", Integer.toString(s.intraOpThreads()));
        Log.line("service: JVM %s; %s", String.join(" ", s.serviceJvm()), serviceSettings);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", "resnet50");
        figures.put("batchSize", s.batch());
        figures.put("streamBudget", s.streamBudget().isEmpty() ? "default (a quarter of the heap)" : s.streamBudget());
        figures.put("intraOpThreads", s.intraOpThreads());
        figures.put("serviceJvm", String.join(" ", s.serviceJvm()));

        Map<String, List<byte[]>> frames = new LinkedHashMap<>();
        Map<String, PreprocessComparison.Result> preprocess = new LinkedHashMap<>();
        for (int[] size : FRAME_SIZES) {
            String key = size[0] + "x" + size[1];
            Path dir = s.out().resolve("frames-" + key);
            List<byte[]> jpegs = JpegFrames.generate(size[0], size[1], s.frames(), size[0], dir);
            frames.put(key, jpegs);
            Log.line("frames %s: %d distinct JPEGs (quality %.0f), %.0f KB on average, in %s", key, jpegs.size(), JpegFrames.QUALITY * 100,
                    jpegs.stream().mapToInt(b -> b.length).average().orElse(0) / 1024, dir);
            Log.line("decode + preprocess %s, one thread, %d s each: common (Java) vs Pillow ...", key, PREPROCESS_DURATION.toSeconds());
            PreprocessComparison.Result result = PreprocessComparison.run(jpegs, dir, draft.preprocess(), PREPROCESS_DURATION);
            preprocess.put(key, result);
            Log.line("    Java %.2f ms/image; Pillow %s (%s)", result.javaMs(), result.pillowAvailable() ? String.format("%.2f ms/image", result.pillowMs())
                    : "unavailable", result.pillowNote());
        }

        Duration rawDuration = s.phase();
        Log.line("raw ONNX Runtime, batch %d, %d s ...", s.batch(), rawDuration.toSeconds());
        double raw = RawOrtBaseline.imagesPerSecond(onnx, s.batch(), draft.preprocess().floatsPerImage(),
                new long[] {input.channels(), input.height(), input.width()}, s.intraOpThreads(), rawDuration);
        Log.line("    raw ORT: %.1f images/s", raw);
        figures.put("rawOrtImagesPerSec", round1(raw));

        Path registryRoot = s.out().resolve("registry-resnet50");
        Files.createDirectories(s.out());
        Directories.deleteRecursively(registryRoot);
        Files.createDirectories(registryRoot);
        ModelVersion version = ZooDraft.publish(new ModelRegistry(registryRoot), s.draft());
        Log.line("starting the inference service (%s) ...", s.serviceJar());
        long oomLines;
        try (BenchStack stack = BenchStack.start(s.out(), registryRoot, version.manifest(), s.serviceJar(), s.serviceJvm(), serviceSettings,
                "inference-service-resnet50.log")) {
            for (Map.Entry<String, List<byte[]>> entry : frames.entrySet()) {
                figures.put(entry.getKey(), pipeline(stack, version.manifest().name(), entry.getKey(), entry.getValue(), raw, s, preprocess.get(entry.getKey())));
            }
            oomLines = stack.outOfMemoryErrors();
        }
        figures.put("serviceOutOfMemoryErrors", oomLines);
        return figures;
    }

    private static Map<String, Object> pipeline(BenchStack stack, String model, String key, List<byte[]> jpegs, double raw, Settings s,
                                                PreprocessComparison.Result preprocess) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("frameKB", Math.round(jpegs.stream().mapToInt(b -> b.length).average().orElse(0) / 1024));
        figures.put("javaDecodePreprocessMs", round2(preprocess.javaMs()));
        figures.put("pillowDecodePreprocessMs", preprocess.pillowAvailable() ? round2(preprocess.pillowMs()) : null);
        figures.put("javaToPillowTimeRatio", preprocess.pillowAvailable() ? round2(preprocess.javaMs() / preprocess.pillowMs()) : null);
        try (LoadGenerator load = new LoadGenerator(stack.broker().bootstrapServers(), jpegs, "image/jpeg", model)) {
            PipelineMeasurement measure = new PipelineMeasurement(stack.service(), load);
            int warmUp = Math.max(2 * s.batch(), (int) (raw * WARM_UP.toSeconds()));
            Log.line("%s warm-up: %d images ...", key, warmUp);
            load.run("warm-" + key + "-", warmUp, 0, Duration.ofMinutes(5));

            int images = Math.max(4 * s.batch(), (int) (raw * s.phase().toSeconds()));
            Log.line("%s pipeline saturated: %d images as fast as possible (about %d s at the raw rate) ...", key, images, s.phase().toSeconds());
            PipelineMeasurement.Saturated saturated = measure.saturated("peak-" + key + "-", images, Duration.ofMinutes(8));
            Log.line("    pipeline: %.1f images/s (%.3f of raw ORT); CPU cores busy: service %.2f, broker + load generator %.2f",
                    saturated.imagesPerSecond(), saturated.imagesPerSecond() / raw, saturated.serviceCores(), saturated.benchCores());
            Log.line("    threads seen (digits as N) and their stage: %s", saturated.threadStages());
            Log.line("    stage CPU counters (visionstream_stage_cpu_seconds_total) %s", saturated.stageCountersPresent() ? "present: decode pool split"
                    : "absent: decode pool reported as one stage");
            saturated.stageMsPerImage().forEach((stage, ms) -> Log.line("    %-32s %8.2f ms CPU/image", stage, ms));

            PipelineMeasurement.Paced paced = measure.paced("paced-" + key + "-", saturated.imagesPerSecond() / 2, (int) s.phase().toSeconds());
            Log.line("%s latency at 50%% of saturated: %.1f images/s for %d s: p50 %.0f ms, p99 %.0f ms", key, paced.rate(), s.phase().toSeconds(),
                    paced.p50Ms(), paced.p99Ms());
            figures.put("pipelineImagesPerSec", round1(saturated.imagesPerSecond()));
            figures.put("pipelineToRawRatio", round3(saturated.imagesPerSecond() / raw));
            figures.put("saturatedImages", saturated.images());
            figures.put("serviceCpuCores", round2(saturated.serviceCores()));
            figures.put("brokerAndLoadgenCpuCores", round2(saturated.benchCores()));
            figures.put("cpuMsPerImageByStage", rounded(saturated.stageMsPerImage()));
            figures.put("stageCountersPresent", saturated.stageCountersPresent());
            figures.put("latencyRateImagesPerSec", round1(paced.rate()));
            figures.put("p50Ms", round1(paced.p50Ms()));
            figures.put("p99Ms", round1(paced.p99Ms()));
            figures.put("peakHeapMiB", Math.round(saturated.peakHeapMiB()));
            figures.put("peakRssMiB", Math.round(saturated.peakRssMiB()));
        }
        return figures;
    }

    private static Map<String, Double> rounded(Map<String, Double> values) {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, round2(v)));
        return out;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
