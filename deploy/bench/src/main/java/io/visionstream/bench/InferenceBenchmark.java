package io.visionstream.bench;

import io.visionstream.common.json.Json;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.local.cli.OptionPairs;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.load.LoadGenerator;
import io.visionstream.local.process.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inference benchmark, one command, figures measured in one run on this machine, for each chosen model:
 * <ul>
 *   <li>{@code resnet50} ({@link ResNetBenchmark}): the zoo's ResNet-50 at 224x224x3 on 640x480 and 1920x1080 JPEG
 *       frames - decode + preprocess against Pillow, raw ONNX Runtime, the Kafka pipeline saturated and its CPU per
 *       image by stage, latency at half of it, heap and RSS peaks;</li>
 *   <li>{@code lenet}: a LeNet-5-sized model on 28x28 PNGs - raw ONNX Runtime (the ceiling), the pipeline's peak with
 *       its CPU per image by stage, p50/p99 end-to-end latency at 50% of that peak, service memory, and RSS before,
 *       after 50 and after 100 hot swaps of model versions through the rollout API (no native leak).</li>
 * </ul>
 * Each model gets its own broker and service process. The targets are printed as met or not met; the last line is
 * {@code BENCH {json}}: the LeNet figures at the top level (as before) and a {@code resnet50} section.
 *
 * <pre>usage: InferenceBenchmark [--models resnet50,lenet] [--images N] [--batch B] [--latency-seconds S] [--service-jar PATH]
 *        [--service-java-opts OPTS] [--resnet-draft DIR] [--resnet-batch 13] [--resnet-stream-budget SIZE] [--resnet-java-opts OPTS]
 *        [--resnet-phase-seconds 30] [--intra-op-threads 0] [--out DIR]</pre>
 */
public final class InferenceBenchmark {

    private static final String MODEL = "lenet-bench";
    private static final int DISTINCT_IMAGES = 512;
    private static final Duration BASELINE_DURATION = Duration.ofSeconds(8);
    /** Each cycle loads and closes two model sessions: 50 swaps per round, RSS measured after each round. */
    private static final int SWAP_CYCLES = 25;
    private static final int SWAP_ROUNDS = 2;
    /** The service's JVM as the local stack and the demo run it: a 256 MiB heap, to show the footprint. */
    private static final String DEFAULT_SERVICE_JVM = "-Xmx256m -XX:+UseG1GC";
    /** A ResNet-class deployment: a 1 GiB heap for 600 KB input tensors and full-HD payloads in flight. */
    private static final String DEFAULT_RESNET_JVM = "-Xmx768m -XX:+UseG1GC";
    private static final int RESNET_FRAMES = 24;

    private static final String USAGE = "usage: InferenceBenchmark [--models resnet50,lenet] [--images N] [--batch B] [--latency-seconds S] "
            + "[--service-jar PATH] [--service-java-opts OPTS] [--resnet-draft DIR] [--resnet-batch 13] [--resnet-stream-budget SIZE] "
            + "[--resnet-java-opts OPTS] [--resnet-phase-seconds 30] [--intra-op-threads 0] [--out DIR]";

    private InferenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = OptionPairs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "; " + USAGE);
            System.exit(2);
            return;
        }
        List<String> models = List.of(options.getOrDefault("--models", "resnet50,lenet").split(","));
        if (models.isEmpty() || !List.of("resnet50", "lenet").containsAll(models)) {
            System.err.println("error: --models takes resnet50 and/or lenet, was '" + options.get("--models") + "'; " + USAGE);
            System.exit(2);
        }
        Path jar = Path.of(options.getOrDefault("--service-jar", "inference-service/target/quarkus-app/quarkus-run.jar"));
        int intraOpThreads = Integer.parseInt(options.getOrDefault("--intra-op-threads", "0"));
        Path out = Files.createDirectories(Path.of(options.getOrDefault("--out", "runs/bench-inference")));

        Map<String, Object> resnet = null;
        if (models.contains("resnet50")) {
            resnet = ResNetBenchmark.run(new ResNetBenchmark.Settings(Path.of(options.getOrDefault("--resnet-draft", out.resolve("resnet50-draft").toString())),
                    Integer.parseInt(options.getOrDefault("--resnet-batch", "13")), options.getOrDefault("--resnet-stream-budget", ""),
                    intraOpThreads, jvmOptions(options.getOrDefault("--resnet-java-opts", DEFAULT_RESNET_JVM)),
                    Duration.ofSeconds(Integer.parseInt(options.getOrDefault("--resnet-phase-seconds", "30"))), RESNET_FRAMES, jar, out));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        if (models.contains("lenet")) {
            figures.putAll(lenet(Integer.parseInt(options.getOrDefault("--images", "20000")), Integer.parseInt(options.getOrDefault("--batch", "32")),
                    Integer.parseInt(options.getOrDefault("--latency-seconds", "15")), intraOpThreads,
                    jvmOptions(options.getOrDefault("--service-java-opts", DEFAULT_SERVICE_JVM)), jar, out));
        }
        figures.put("cpus", Runtime.getRuntime().availableProcessors());
        if (resnet != null) {
            figures.put("resnet50", resnet);
        }
        figures.put("targets", Targets.judge(resnet, figures));
        Files.writeString(out.resolve("bench.json"), Json.toJson(figures));
        System.out.println();
        BenchTable.print(figures);
        System.out.println("BENCH " + Json.toJson(figures));
        System.exit(0);
    }

    private static List<String> jvmOptions(String options) {
        return List.of(options.trim().split("\\s+"));
    }

    /** The LeNet-5-sized run: the figures of the BENCH line's top level. */
    private static Map<String, Object> lenet(int images, int batch, int latencySeconds, int intraOpThreads, List<String> serviceJvm, Path jar, Path out)
            throws Exception {
        Log.line("LeNet: LeNet-5-sized ONNX (61,706 parameters), input 1x28x28, batch %d; %d images per throughput run", batch, images);
        byte[] onnx = BenchModel.onnx(42);
        List<byte[]> pngs = BenchModel.syntheticPngs(DISTINCT_IMAGES, 3);
        Log.line("payload: %d distinct 28x28 grey PNGs, %.0f bytes on average", pngs.size(), pngs.stream().mapToInt(b -> b.length).average().orElse(0));

        Log.line("1/5 raw ONNX Runtime, %d s ...", BASELINE_DURATION.toSeconds());
        double raw = RawOrtBaseline.imagesPerSecond(onnx, batch, BenchModel.SIDE * BenchModel.SIDE, new long[] {1, BenchModel.SIDE, BenchModel.SIDE},
                intraOpThreads, BASELINE_DURATION);
        Log.line("    raw ORT: %,.0f images/s", raw);

        Path registryRoot = out.resolve("registry");
        Directories.deleteRecursively(registryRoot); // every run measures versions 1 and 2 of a fresh registry
        Files.createDirectories(registryRoot);
        ModelVersion version = BenchModel.publish(new ModelRegistry(registryRoot), MODEL, 42);
        Map<String, String> settings = Map.of("visionstream.inference.batching.max-batch-size", Integer.toString(batch),
                "visionstream.inference.onnx.intra-op-threads", Integer.toString(intraOpThreads));
        Log.line("starting the inference service (%s), JVM %s; %s ...", jar, String.join(" ", serviceJvm), settings);
        try (BenchStack stack = BenchStack.start(out, registryRoot, version.manifest(), jar, serviceJvm, settings, "inference-service.log");
             LoadGenerator load = new LoadGenerator(stack.broker().bootstrapServers(), pngs, "image/png", MODEL)) {
            ServiceProcess service = stack.service();
            PipelineMeasurement measure = new PipelineMeasurement(service, load);
            Log.line("warm-up: %d images ...", images / 4);
            load.run("warm-", images / 4, 0, Duration.ofMinutes(3));

            Log.line("2/5 pipeline peak: %d images as fast as possible ...", images);
            PipelineMeasurement.Saturated peak = measure.saturated("peak-", images, Duration.ofMinutes(5));
            double pipeline = peak.imagesPerSecond();
            Log.line("    pipeline: %,.0f images/s (%.3f of raw ORT); CPU cores busy: service %.2f, broker + load generator %.2f",
                    pipeline, pipeline / raw, peak.serviceCores(), peak.benchCores());
            peak.stageMsPerImage().forEach((stage, ms) -> Log.line("    %-32s %8.3f ms CPU/image", stage, ms));

            Log.line("3/5 latency at 50%% of peak: %,.0f images/s for %d s ...", pipeline / 2, latencySeconds);
            PipelineMeasurement.Paced paced = measure.paced("paced-", pipeline / 2, latencySeconds);
            Log.line("    end-to-end latency: p50 %.1f ms, p99 %.1f ms", paced.p50Ms(), paced.p99Ms());

            double[] rss = service.rssMiB();
            Log.line("4/5 service memory: RSS %.0f MiB now, %.0f MiB peak; heap peak during the peak run %.0f MiB", rss[0], rss[1], peak.peakHeapMiB());

            Log.line("5/5 hot swaps: 2 x %d version loads + closes through the rollout API ...", SWAP_CYCLES * 2);
            double[] swapRss = swapVersions(service, registryRoot, stack.adminToken(), stack);
            Log.line("    RSS before %.0f MiB, after %d swaps %.0f MiB, after %d swaps %.0f MiB (second 50: %+.0f MiB)", swapRss[0],
                    SWAP_CYCLES * 2, swapRss[1], SWAP_CYCLES * 4, swapRss[2], swapRss[2] - swapRss[1]);

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("model", "lenet5-size");
            figures.put("batchSize", batch);
            figures.put("images", images);
            figures.put("rawOrtImagesPerSec", Math.round(raw));
            figures.put("pipelineImagesPerSec", Math.round(pipeline));
            figures.put("pipelineToRawRatio", ResNetBenchmark.round3(pipeline / raw));
            figures.put("peakServiceCpuCores", ResNetBenchmark.round2(peak.serviceCores()));
            figures.put("peakBrokerAndLoadgenCpuCores", ResNetBenchmark.round2(peak.benchCores()));
            figures.put("latencyRateImagesPerSec", Math.round(paced.rate()));
            figures.put("p50Ms", ResNetBenchmark.round1(paced.p50Ms()));
            figures.put("p99Ms", ResNetBenchmark.round1(paced.p99Ms()));
            figures.put("serviceRssMiB", Math.round(rss[0]));
            figures.put("servicePeakRssMiB", Math.round(rss[1]));
            figures.put("peakHeapMiB", Math.round(peak.peakHeapMiB()));
            figures.put("cpuMsPerImageByStage", roundedMicros(peak.stageMsPerImage()));
            figures.put("rssBeforeSwapsMiB", Math.round(swapRss[0]));
            figures.put("rssAfter50SwapsMiB", Math.round(swapRss[1]));
            figures.put("rssAfter100SwapsMiB", Math.round(swapRss[2]));
            figures.put("serviceOutOfMemoryErrors", stack.outOfMemoryErrors());
            return figures;
        }
    }

    /** LeNet's stages cost microseconds: three decimals of a millisecond. */
    private static Map<String, Double> roundedMicros(Map<String, Double> msPerImage) {
        Map<String, Double> out = new LinkedHashMap<>();
        msPerImage.forEach((k, v) -> out.put(k, ResNetBenchmark.round3(v)));
        return out;
    }

    /**
     * Publishes a second version, then cycles canary v2 -> promote (v1 closed) -> rollback (v1 loaded, v2 closed):
     * each cycle loads and closes two sessions. Returns the service's RSS before, after 50 and after 100 swaps, in
     * MiB: growth in the second 50 would be a leak (the first 50 also warm up code paths and heap).
     */
    private static double[] swapVersions(ServiceProcess service, Path registryRoot, String token, BenchStack stack) throws Exception {
        ModelVersion second = BenchModel.publish(new ModelRegistry(registryRoot), MODEL, 43);
        try (TopicClient kafka = new TopicClient(stack.broker().bootstrapServers())) {
            kafka.announce(second.manifest());
        }
        awaitRollout(service, "\"canary\":{\"version\":" + second.manifest().version());
        double before = service.rssMiB()[0];
        double[] after = new double[SWAP_ROUNDS];
        for (int round = 0; round < SWAP_ROUNDS; round++) {
            swapCycles(service, token, round == 0);
            System.gc();
            Thread.sleep(2000);
            after[round] = service.rssMiB()[0];
        }
        return new double[] {before, after[0], after[1]};
    }

    private static void swapCycles(ServiceProcess service, String token, boolean firstRound) throws Exception {
        String path = "/api/models/" + MODEL;
        for (int cycle = 0; cycle < SWAP_CYCLES; cycle++) {
            if (cycle > 0 || !firstRound) {
                expectOk(service.call("PUT", path + "/rollout", token, "{\"canary\":{\"version\":2,\"weightPercent\":10}}"));
                awaitRollout(service, "\"canary\":{\"version\":2");
            }
            expectOk(service.call("POST", path + "/promote", token, null));
            awaitRollout(service, "\"stable\":2");
            expectOk(service.call("POST", path + "/rollback", token, null));
            awaitRollout(service, "\"stable\":1");
        }
    }

    private static void awaitRollout(ServiceProcess service, String fragment) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = service.call("GET", "/api/models/" + MODEL + "/rollout", null, null).body();
            if (last.contains(fragment)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("rollout of " + MODEL + " never showed " + fragment + "; last: " + last);
    }

    private static void expectOk(java.net.http.HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("rollout API answered " + response.statusCode() + ": " + response.body());
        }
    }
}
